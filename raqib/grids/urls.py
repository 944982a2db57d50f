from django.urls import path

from . import views
from .urls_authoring import urlpatterns as authoring_urlpatterns

app_name = "grids"

urlpatterns = [
    path("", views.grid_list, name="grid_list"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/changes/", views.version_diff, name="version_diff"),
    path("versions/<int:pk>/export/", views.version_export, name="version_export"),
    path("import/", views.xlsform_import_view, name="xlsform_import"),
]

urlpatterns += authoring_urlpatterns
