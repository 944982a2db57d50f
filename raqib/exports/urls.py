from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.export_list, name="export_list"),
    path("<uuid:uuid>/", views.export_detail, name="export_detail"),
    path("<uuid:uuid>/download", views.export_download, name="export_download"),
]
