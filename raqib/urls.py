from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from raqib.core import views as core_views
from raqib.odk import urls as odk_urls
from raqib.publication import urls as publication_urls
from raqib.surveys import urls as survey_urls
from raqib.training import urls as training_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", core_views.health, name="health"),
    path("health/", core_views.health_checks, name="health_checks"),
    # Public, anonymous, throttled (docs/publication.md); before api/'s catch-all 404.
    path("api/v1/public/", include((publication_urls.api_urlpatterns, "public_api"))),
    path("api/", include("raqib.api.urls")),
    path("open-data/", include((publication_urls.open_data_urlpatterns, "open_data"))),
    # ODK Collect's OpenRosa endpoints (docs/odk-collect.md): the key is in the URL.
    path("odk/", include((odk_urls.openrosa_urlpatterns, "openrosa"))),
    # Images and documents of lessons, one URL whatever the language (docs/training.md).
    path("training-media/", include((training_urls.media_urlpatterns, "training_media"))),
]

urlpatterns += i18n_patterns(
    # First: the citizens' answers are the busiest URL, and each pattern tried costs.
    path("s/", include((survey_urls.public_urlpatterns, "surveys_public"))),
    path("", include("raqib.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("team/", include("raqib.accounts.urls")),
    path("audit/", include("raqib.audit.urls")),
    path("registry/", include("raqib.registry.urls")),
    path("grids/", include("raqib.grids.urls")),
    path("training/", include("raqib.training.urls")),
    path("planning/", include("raqib.planning.urls")),
    path("surveys/", include("raqib.surveys.urls")),
    path("missions/", include("raqib.missions.urls")),
    path("observer/", include("raqib.observer.urls")),
    path("odk/", include("raqib.odk.urls")),
    path("reports/", include("raqib.reports.urls")),
    path("notifications/", include("raqib.notifications.urls")),
    path("exports/", include("raqib.exports.urls")),
    path("followup/", include("raqib.followup.urls")),
    path("compliance/", include("raqib.compliance.urls")),
    path("integrity/", include("raqib.integrity.urls")),
    path("results/", include("raqib.publication.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)
