from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("inspections/<int:pk>/ledger/", views.ledger, name="ledger"),
    path("inspections/<int:pk>/ledger/assign/", views.bulk_assign, name="bulk_assign"),
    path("inspections/<int:pk>/pick/units/", views.pick_units, name="pick_units"),
    path("inspections/<int:pk>/pick/leaders/", views.pick_leaders, name="pick_leaders"),
    path("inspections/<int:pk>/pick/problems/", views.pick_problems, name="pick_problems"),
    path("inspections/<int:pk>/lists/problems/", views.problem_list, name="problem_list"),
    path("inspections/<int:pk>/lists/tasks/", views.task_list, name="task_list"),
    path(
        "inspections/<int:pk>/lists/responsibility/",
        views.responsibility_list,
        name="responsibility_list",
    ),
    path("inspections/<int:pk>/registers/", views.registers, name="registers"),
    path("inspections/<int:pk>/registers/<slug:kind>/", views.register_add, name="register_add"),
    path("registers/<slug:kind>/<int:pk>/", views.register_entry, name="register_entry"),
    path(
        "registers/<slug:kind>/<int:pk>/correct/", views.register_correct, name="register_correct"
    ),
    path(
        "registers/<slug:kind>/<int:pk>/withdraw/",
        views.register_withdraw,
        name="register_withdraw",
    ),
    path("problems/<int:problem_pk>/measures/new/", views.measure_create, name="measure_create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/progress/", views.progress_post, name="progress"),
    path("measures/<int:pk>/closure/", views.closure_request, name="closure_request"),
    path("measures/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("closures/", views.closure_queue, name="closures"),
    path("closures/<int:pk>/review/", views.closure_review, name="closure_review"),
    path("closures/<int:pk>/approve/", views.closure_approve, name="closure_approve"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/view/", views.evidence_view, name="evidence_view"),
    path("rechecks/", views.recheck_list, name="rechecks"),
    path("rechecks/<int:pk>/", views.recheck_record, name="recheck_record"),
    path("withdraw/<slug:kind>/<int:pk>/", views.withdraw, name="withdraw"),
    path("carry-over/", views.carry_over, name="carry_over"),
]
