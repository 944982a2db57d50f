from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views.user_roles_edit, name="user_roles_edit"),
    path(
        "users/<int:pk>/focal-bodies/", views.user_focal_bodies_edit, name="user_focal_bodies_edit"
    ),
    path(
        "users/<int:pk>/observer-profile/",
        views.user_observer_profile_edit,
        name="user_observer_profile_edit",
    ),
    path("users/<int:pk>/appointments/", views.appointment_record, name="appointment_record"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
]
