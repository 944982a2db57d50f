"""Work in progress."""

from django.http import Http404


def public_index(request, **kwargs):
    raise Http404


def public_body(request, **kwargs):
    raise Http404
