from django.urls import path

from . import views

app_name = "tokens"
urlpatterns = [
    path("settings/api-tokens/", views.tokens, name="list"),
    path("settings/api-tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
