from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("inspections/<int:pk>/export/<slug:which>.xlsx", views.export, name="export"),
    path("inspections/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_review, name="import_review"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
]
