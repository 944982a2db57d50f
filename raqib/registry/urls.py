from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("service-points/", views.service_point_list, name="service_point_list"),
]
