from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("settings/reminders/", views.preferences, name="preferences"),
    path("settings/reminders/test/", views.send_test, name="test"),
    path("notifications/", views.notifications, name="list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/read-all/", views.read_all, name="read_all"),
]
