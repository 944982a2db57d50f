"""Public results (namespace "publication", under the language prefix at results/), the
open-data files ("open_data", at open-data/, language-neutral) and the public read-only API
("public_api", at api/v1/public/)."""

from django.urls import path, re_path

from . import api, views

app_name = "publication"

urlpatterns = [
    path("", views.index, name="index"),
    path("points/<str:code>/", views.point, name="point"),
    path("bodies/<str:code>/", views.body, name="body"),
    path("open-data/", views.open_data, name="open_data"),
]

open_data_urlpatterns = [
    path("catalog.jsonld", views.catalogue, name="catalogue"),
    re_path(
        r"^(?P<period>20\d\d(?:-S[12])?)/service-points\.(?P<fmt>csv|json)$",
        views.dataset,
        name="dataset",
    ),
]

api_urlpatterns = [
    path("service-points/", api.PublicPointList.as_view(), name="point_list"),
    path("service-points/<str:code>/", api.PublicPointDetail.as_view(), name="point_detail"),
]
