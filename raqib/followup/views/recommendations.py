"""Work in progress."""

from django.http import Http404


def recommendation_list(request, **kwargs):
    raise Http404


def recommendation_create(request, **kwargs):
    raise Http404


def recommendation_export(request, **kwargs):
    raise Http404


def figures(request, **kwargs):
    raise Http404


def recommendation_detail(request, **kwargs):
    raise Http404


def recommendation_edit(request, **kwargs):
    raise Http404


def recommendation_act(request, **kwargs):
    raise Http404


def recommendation_plan(request, **kwargs):
    raise Http404


def recommendation_claim(request, **kwargs):
    raise Http404


def recommendation_comment(request, **kwargs):
    raise Http404


def recommendation_verify(request, **kwargs):
    raise Http404


def file_download(request, **kwargs):
    raise Http404
