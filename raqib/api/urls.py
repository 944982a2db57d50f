"""The versioned REST API. Each app contributes its routes under /api/v1/."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from raqib.followup import api as followup_api
from raqib.grids import api as grids_api
from raqib.missions import api as missions_api
from raqib.observer import training_api
from raqib.surveys import api as surveys_api

from . import views

app_name = "api"

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "v1/recommendations/",
        followup_api.RecommendationListView.as_view(),
        name="recommendation_list",
    ),
    path(
        "v1/recommendations/<int:pk>/",
        followup_api.RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
    path(
        "v1/grids/versions/",
        grids_api.GridVersionListView.as_view(),
        name="grid_version_list",
    ),
    path(
        "v1/grids/versions/<int:pk>/",
        grids_api.GridVersionDetailView.as_view(),
        name="grid_version_detail",
    ),
    path(
        "v1/surveys/waves/<int:pk>/indices/",
        surveys_api.WaveIndicesView.as_view(),
        name="survey_wave_indices",
    ),
    # The observer app's sync API (contract: raqib/missions/API.md).
    path("v1/observer/session/", missions_api.SessionView.as_view(), name="observer_session"),
    path(
        "v1/observer/training/",
        training_api.TrainingBundleView.as_view(),
        name="observer_training",
    ),
    path(
        "v1/observer/training/quiz-attempts/",
        training_api.QuizAttemptView.as_view(),
        name="observer_quiz_attempt",
    ),
    path(
        "v1/observer/missions/",
        missions_api.MissionListView.as_view(),
        name="observer_mission_list",
    ),
    path(
        "v1/observer/status/",
        missions_api.ReportStatusListView.as_view(),
        name="observer_report_status_list",
    ),
    path(
        "v1/observer/reports/<str:report_uuid>/",
        missions_api.ReportView.as_view(),
        name="observer_report",
    ),
    path(
        "v1/observer/reports/<str:report_uuid>/photos/<str:photo_uuid>/",
        missions_api.PhotoView.as_view(),
        name="observer_report_photo",
    ),
    path(
        "v1/observer/reports/<str:report_uuid>/status/",
        missions_api.ReportStatusView.as_view(),
        name="observer_report_status",
    ),
    path(
        "v1/observer/reports/<str:report_uuid>/corrections/<str:correction_uuid>/",
        missions_api.CorrectionView.as_view(),
        name="observer_report_correction",
    ),
    path(
        "v1/observer/reports/<str:report_uuid>/submit/",
        missions_api.SubmitView.as_view(),
        name="observer_report_submit",
    ),
]

# Last, whatever is added above: any other address under /api/ (an id that is not a number, a
# typo) answers a JSON 404, not Django's HTML page. It takes "" and paths ending in "/" only, so
# that APPEND_SLASH still redirects /api/v1/grids/versions/1 to the route that serves it.
urlpatterns.append(re_path(r"^(?P<rest>(?:.*/)?)$", views.not_found, name="not_found"))
