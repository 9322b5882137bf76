from django.urls import path

from . import document_views, views

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
    path("opinions/<int:pk>/withdraw/", views.opinion_withdraw, name="opinion_withdraw"),
    path("opinions/", views.opinion_tasks, name="opinion_tasks"),
    path("inspections/<int:pk>/report/", document_views.report_page, name="report"),
    path("withhold/<str:kind>/<int:pk>/", document_views.withhold, name="withhold"),
    path(
        "inspections/<int:pk>/report/generate/",
        document_views.report_generate,
        name="report_generate",
    ),
    path(
        "reports/<int:pk>/do/<str:action>/",
        document_views.report_transition,
        name="report_transition",
    ),
    path(
        "reports/<int:pk>/download/<str:fmt>/",
        document_views.report_download,
        name="report_download",
    ),
    path(
        "measures/<int:pk>/closure-sheet/<str:fmt>/",
        document_views.closure_sheet,
        name="closure_sheet",
    ),
    path(
        "inspections/<int:pk>/closure-sheets/<str:fmt>/",
        document_views.closure_sheets_bulk,
        name="closure_sheets",
    ),
]
