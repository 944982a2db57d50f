from django.urls import path

from . import views

urlpatterns: list = [
    path("periodic/", views.periodic_list, name="periodic_list"),
    path("periodic/new", views.periodic_create, name="periodic_create"),
    path("periodic/<uuid:uuid>/", views.periodic_detail, name="periodic_detail"),
    path("periodic/<uuid:uuid>/download", views.periodic_download, name="periodic_download"),
]
