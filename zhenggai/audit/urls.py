from django.urls import path

from . import views

app_name = "history"
urlpatterns = [
    path("history-check/", views.verification, name="verification"),
    path("history-check/now/", views.verify_now, name="verify_now"),
]
