from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("settings/reminders/", views.preferences, name="preferences"),
]
