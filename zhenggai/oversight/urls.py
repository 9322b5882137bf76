from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("oversight/", views.overview, name="overview"),
    path("inspections/<int:pk>/supervisions/", views.supervisions, name="supervisions"),
    path("inspections/<int:pk>/supervisions/new/", views.supervision_new, name="supervision_new"),
    path("supervision-files/<int:pk>/", views.attachment, name="attachment"),
    path("inspections/<int:pk>/battle-map/", views.battle_map, name="battle_map"),
    path("inspections/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("inspections/<int:pk>/bulletins/", views.bulletins, name="bulletins"),
    path(
        "inspections/<int:pk>/bulletins/generate/",
        views.bulletin_generate,
        name="bulletin_generate",
    ),
    path("bulletins/<int:pk>/", views.bulletin, name="bulletin"),
    path("bulletins/<int:pk>/docx/", views.bulletin_docx, name="bulletin_docx"),
]
