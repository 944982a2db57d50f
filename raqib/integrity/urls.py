from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_new, name="case_new"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/api/", views.case_api, name="case_api"),
    path("<int:pk>/act/", views.case_act, name="case_act"),
    path("<int:pk>/facts/", views.case_facts_add, name="case_facts_add"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/<str:uuid>/", views.evidence_download, name="evidence_download"),
    path("<int:pk>/bundle/", views.case_bundle, name="case_bundle"),
    path("<int:pk>/reveal/", views.reveal_request, name="reveal_request"),
    path("<int:pk>/reveal/<int:rid>/", views.reveal_decide, name="reveal_decide"),
    path("<int:pk>/assign/", views.case_assign, name="case_assign"),
    path(
        "<int:pk>/referrals/<int:rid>/followup/",
        views.referral_followup,
        name="referral_followup",
    ),
    path("<int:pk>/referrals/<int:rid>/letter/", views.referral_letter, name="referral_letter"),
]
