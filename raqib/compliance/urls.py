from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("", views.referential_current, name="referential_current"),
    path("referentials/<int:pk>/", views.referential_detail, name="referential_detail"),
    path("referentials/import/", views.referential_import, name="referential_import"),
    path("referentials/<int:pk>/export/", views.referential_export, name="referential_export"),
    path("points/<int:pk>/", views.point_compliance, name="point_compliance"),
    path("bodies/<int:pk>/", views.body_compliance, name="body_compliance"),
]

urlpatterns += [
    path("labels/", views.label_list, name="label_list"),
    path("labels/new/", views.label_create, name="label_create"),
    path("labels/<int:pk>/", views.label_detail, name="label_detail"),
    path("labels/<int:pk>/status/", views.label_transition, name="label_transition"),
    path("labels/<int:pk>/documents/", views.label_document_add, name="label_document_add"),
    path("documents/<uuid:uuid>/", views.label_document, name="label_document"),
    path(
        "labels/<int:pk>/follow-up-mission/",
        views.label_follow_up_mission,
        name="label_follow_up_mission",
    ),
]

urlpatterns += [
    path("equal-treatment/", views.equal_treatment, name="equal_treatment"),
    path("traits/", views.traits, name="traits"),
    path("holders/", views.holders, name="holders"),
    path("scope/", views.scope_compliance, name="scope_compliance"),
]
