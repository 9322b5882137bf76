from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("inspections/<int:pk>/notices/generate/", views.generate, name="generate"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="edit"),
    path(
        "notices/<int:pk>/do/<str:action>/",
        views.transition,
        name="transition",
    ),
    path("notices/<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("notices/<int:pk>/opinions/", views.opinions, name="opinions"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion"),
    path("opinions/", views.opinion_tasks, name="opinion_tasks"),
]
