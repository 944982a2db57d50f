"""Survey URLs: the staff pages (namespace "surveys", mounted at surveys/) and the public
answering page (`public_urlpatterns`, namespace "surveys_public", mounted under
i18n_patterns at s/ for the short links on posters)."""

from django.urls import path

from .views import public, staff

app_name = "surveys"

urlpatterns = [
    path("", staff.wave_list, name="wave_list"),
    path("new/", staff.wave_create, name="wave_create"),
    path("interview/", staff.interview_list, name="interview_list"),
    path("interview/<int:pk>/", staff.interview, name="interview"),
    path("<int:pk>/", staff.wave_detail, name="wave_detail"),
    path("<int:pk>/edit/", staff.wave_edit, name="wave_edit"),
    path("<int:pk>/targets/", staff.wave_targets, name="wave_targets"),
    path("<int:pk>/status/<str:action>/", staff.wave_transition, name="wave_transition"),
    path("<int:pk>/results/", staff.wave_results, name="wave_results"),
    path("<int:pk>/quarantine/", staff.wave_quarantine, name="wave_quarantine"),
    path("<int:pk>/quarantine/decide/", staff.responses_bulk_review, name="responses_bulk_review"),
    path(
        "<int:pk>/quarantine/<int:response_pk>/<str:action>/",
        staff.response_review,
        name="response_review",
    ),
    path("<int:pk>/comments/", staff.wave_comments, name="wave_comments"),
    path(
        "<int:pk>/comments/<int:response_pk>/flag/",
        staff.comment_flag,
        name="comment_flag",
    ),
    path("<int:pk>/posters.zip", staff.wave_posters_zip, name="wave_posters_zip"),
    path("<int:pk>/responses.<str:fmt>", staff.wave_responses_export, name="responses_export"),
    path("<int:pk>/indices.xlsx", staff.wave_indices_export, name="indices_export"),
    path("points/<int:pk>/qr.svg", staff.point_qr, name="point_qr"),
    path("points/<int:pk>/poster.pdf", staff.point_poster, name="point_poster"),
]

public_urlpatterns = [
    path("<str:token>/", public.answer, name="answer"),
    path("<str:token>/thanks/", public.thanks, name="thanks"),
]
