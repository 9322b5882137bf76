from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("oversight/", views.overview, name="overview"),
    path("oversight/organisations/<int:pk>/", views.organisation, name="organisation"),
    path("inspections/<int:pk>/quality/", views.quality, name="quality"),
    path("inspections/<int:pk>/spot-checks/", views.spot_checks, name="spot_checks"),
    path("spot-checks/<int:pk>/", views.spot_check, name="spot_check"),
    path("spot-check-items/<int:pk>/result/", views.spot_result, name="spot_result"),
    path("oversight/common-problems/", views.common_problems, name="common_problems"),
    path("oversight/self-checks/new/", views.self_check_issue, name="self_check_issue"),
    path("inspections/<int:pk>/recurrence/", views.recurrence, name="recurrence"),
    path("inspections/<int:pk>/recurrence/link/", views.recurrence_link, name="recurrence_link"),
    path(
        "inspections/<int:pk>/recurrence/carry-over/",
        views.carry_over_all,
        name="carry_over_all",
    ),
    path("inspections/<int:pk>/supervisions/", views.supervisions, name="supervisions"),
    path("inspections/<int:pk>/supervisions/new/", views.supervision_new, name="supervision_new"),
    path("supervision-files/<int:pk>/", views.attachment, name="attachment"),
    path("inspections/<int:pk>/battle-map/", views.battle_map, name="battle_map"),
    path(
        "inspections/<int:pk>/battle-map/cards/",
        views.battle_map_cards,
        name="battle_map_cards",
    ),
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
