"""The public answering page, mounted under i18n_patterns at s/ (short links on posters)."""

from django.urls import path

from .views import public

app_name = "surveys_public"

urlpatterns = [
    path("<str:token>/", public.answer, name="answer"),
    path("<str:token>/thanks/", public.thanks, name="thanks"),
]
