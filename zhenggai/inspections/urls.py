from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("inspections/", views.inspection_list, name="list"),
    path("inspections/<int:pk>/", views.inspection_detail, name="detail"),
    path("inspections/<int:pk>/aspects/new/", views.aspect_create, name="aspect_create"),
    path("inspections/<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("inspections/<int:pk>/withdraw/", views.inspection_withdraw, name="withdraw"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
]

from . import import_views  # noqa: E402 - grouped with its routes for readability

urlpatterns += [
    path("notice-imports/new/", import_views.import_upload, name="import_upload"),
    path("notice-imports/<int:pk>/", import_views.import_preview, name="import_preview"),
]
