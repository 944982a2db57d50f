"""Dashboard URLs (concatenated into raqib.reports.urls, app_name "reports")."""

from django.urls import path

from . import raw_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("raw/", raw_views.raw_export, name="raw_export"),
    path("bodies/<int:pk>/", views.scorecard, name="scorecard"),
    path("map/", views.map_boundaries, name="map_boundaries"),
    path("map/<int:pk>/deactivate", views.map_boundary_deactivate, name="map_boundary_deactivate"),
]
