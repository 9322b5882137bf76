from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("inspections/<int:pk>/ledger/", views.ledger, name="ledger"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
]
