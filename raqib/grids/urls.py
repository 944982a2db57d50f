from django.urls import path

from . import views

app_name = "grids"

# The authoring UI lives under "authoring/" so that it never collides with the catch-all
# "versions/<pk>/<action>/" pattern of the version pages.
V = "authoring/versions/<int:pk>/"

urlpatterns = [
    path("", views.grid_list, name="grid_list"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/changes/", views.version_diff, name="version_diff"),
    path("versions/<int:pk>/export/", views.version_export, name="version_export"),
    path("import/", views.xlsform_import_view, name="xlsform_import"),
    # Authoring
    path("authoring/new/", views.grid_create, name="authoring_grid_create"),
    path(V, views.editor, name="authoring_editor"),
    path(V + "settings/", views.grid_settings, name="authoring_grid_settings"),
    path(V + "validate/<slug:kind>/", views.validate, name="authoring_validate"),
    path(V + "<slug:kind>/add/", views.row_form, name="authoring_row_add"),
    path(V + "<slug:kind>/<int:obj_pk>/", views.row_form, name="authoring_row_edit"),
    path(V + "<slug:kind>/<int:obj_pk>/delete/", views.row_delete, name="authoring_row_delete"),
    path(V + "<slug:kind>/<int:obj_pk>/move/", views.row_move, name="authoring_row_move"),
    path(V + "publish/", views.version_publish, name="authoring_publish"),
    path(V + "clone/", views.version_clone, name="authoring_clone"),
    path(V + "retire/", views.version_retire, name="authoring_retire"),
    path(V + "delete/", views.version_delete, name="authoring_delete"),
    path(V + "preview/", views.preview, name="authoring_preview"),
    path(V + "preview/score/", views.preview_score, name="authoring_preview_score"),
]
