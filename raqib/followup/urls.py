from django.urls import path

from .views import measures, public, recommendations

app_name = "followup"

urlpatterns = [
    path("", recommendations.recommendation_list, name="recommendation_list"),
    path("new/", recommendations.recommendation_create, name="recommendation_create"),
    path("export/", recommendations.recommendation_export, name="recommendation_export"),
    path("figures/", recommendations.figures, name="figures"),
    path("<int:pk>/", recommendations.recommendation_detail, name="recommendation_detail"),
    path("<int:pk>/edit/", recommendations.recommendation_edit, name="recommendation_edit"),
    path("<int:pk>/act/", recommendations.recommendation_act, name="recommendation_act"),
    path("<int:pk>/plan/", recommendations.recommendation_plan, name="recommendation_plan"),
    path("<int:pk>/claim/", recommendations.recommendation_claim, name="recommendation_claim"),
    path(
        "<int:pk>/comment/", recommendations.recommendation_comment, name="recommendation_comment"
    ),
    path("<int:pk>/verify/", recommendations.recommendation_verify, name="recommendation_verify"),
    path(
        "<int:pk>/publish/",
        recommendations.recommendation_publish,
        name="recommendation_publish",
    ),
    path("files/<str:uuid>/", recommendations.file_download, name="file_download"),
    path("public/", public.public_index, name="public_index"),
    path("public/<str:code>/", public.public_body, name="public_body"),
    path("measures/", measures.measure_list, name="measure_list"),
    path("measures/new/", measures.measure_create, name="measure_create"),
    path("measures/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", measures.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/export/", measures.measure_export, name="measure_export"),
]
