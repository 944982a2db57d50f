from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.mission_list, name="mission_list"),
    path("new/", views.mission_create, name="mission_create"),
    path("new/pair/", views.mission_pair_create, name="mission_pair_create"),
    path("new/bulk/", views.mission_bulk_create, name="mission_bulk_create"),
    path("<int:pk>/", views.mission_detail, name="mission_detail"),
    path("<int:pk>/assign/", views.mission_assign, name="mission_assign"),
    path("<int:pk>/assign/check/", views.mission_assign_check, name="mission_assign_check"),
    path("<int:pk>/cancel/", views.mission_cancel, name="mission_cancel"),
    path("<int:pk>/window/", views.mission_window, name="mission_window"),
    path("<int:pk>/compare/", views.mission_compare, name="mission_compare"),
    path("review/", views.review_queue, name="review_queue"),
    path("allowances/", views.allowance_statement, name="allowance_statement"),
    path("pairs/agreement/", views.pair_agreement, name="pair_agreement"),
    path("reports/<int:pk>/", views.report_review, name="report_review"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/validate/", views.report_validate, name="report_validate"),
    path(
        "corrections/<int:pk>/decide/",
        views.report_correction_decide,
        name="report_correction_decide",
    ),
    path("evidence/<uuid:uuid>/", views.evidence_file, name="evidence_file"),
]
