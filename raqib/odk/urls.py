from django.urls import path

from . import views

app_name = "odk"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("key/", views.key_create, name="key_create"),
    path("revoke/", views.key_revoke, name="key_revoke"),
]

# OpenRosa, outside the language prefix: the server URL ODK Collect is given ends with the key.
openrosa_urlpatterns = [
    path("<str:key>/", views.root, name="root"),
    path("<str:key>/formList", views.form_list, name="form_list"),
    path("<str:key>/forms/<int:pk>/form.xml", views.form_xml, name="form_xml"),
    path("<str:key>/forms/<int:pk>/manifest", views.manifest, name="manifest"),
    path("<str:key>/submission", views.submission, name="submission"),
]
