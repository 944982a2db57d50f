from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("service-points/", views.service_point_list, name="service_point_list"),
    path("service-points/new/", views.service_point_create, name="service_point_create"),
    path("service-points/validate/", views.service_point_validate, name="service_point_validate"),
    path("service-points/export/", views.service_point_export, name="service_point_export"),
    path("service-points/import/", views.service_point_import, name="service_point_import"),
    path(
        "service-points/import/<str:token>/",
        views.service_point_import_preview,
        name="service_point_import_preview",
    ),
    path("service-points/<int:pk>/", views.service_point_detail, name="service_point_detail"),
    path("service-points/<int:pk>/edit/", views.service_point_update, name="service_point_update"),
    path(
        "service-points/<int:pk>/deactivate/",
        views.service_point_deactivate,
        name="service_point_deactivate",
    ),
    path(
        "service-points/<int:pk>/reactivate/",
        views.service_point_reactivate,
        name="service_point_reactivate",
    ),
]
