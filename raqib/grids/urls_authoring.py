"""URLs of the authoring UI, appended to raqib/grids/urls.py (namespace "grids").

Everything lives under "authoring/" so that it never collides with the catch-all
"versions/<pk>/<action>/" pattern of the version pages.
"""

from django.urls import path

from . import views_authoring as views
from . import views_lifecycle as lifecycle

V = "authoring/versions/<int:pk>/"

urlpatterns = [
    path("authoring/new/", views.grid_create, name="authoring_grid_create"),
    path(V, views.editor, name="authoring_editor"),
    path(V + "settings/", views.grid_settings, name="authoring_grid_settings"),
    path(V + "validate/<slug:kind>/", views.validate, name="authoring_validate"),
    path(V + "<slug:kind>/add/", views.row_form, name="authoring_row_add"),
    path(V + "<slug:kind>/<int:obj_pk>/", views.row_form, name="authoring_row_edit"),
    path(V + "<slug:kind>/<int:obj_pk>/delete/", views.row_delete, name="authoring_row_delete"),
    path(V + "<slug:kind>/<int:obj_pk>/move/", views.row_move, name="authoring_row_move"),
    path(V + "publish/", lifecycle.version_publish, name="authoring_publish"),
    path(V + "clone/", lifecycle.version_clone, name="authoring_clone"),
    path(V + "retire/", lifecycle.version_retire, name="authoring_retire"),
    path(V + "delete/", lifecycle.version_delete, name="authoring_delete"),
    path(V + "preview/", views.preview, name="authoring_preview"),
    path(V + "preview/score/", views.preview_score, name="authoring_preview_score"),
]
