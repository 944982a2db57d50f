"""Public results, open-data files and the public API: open to everyone, signed in or not."""

from raqib.core.testing import Row, public


def build(ctx):
    from raqib.registry.tests.factories import ServicePointFactory

    ctx["published_point"] = ServicePointFactory(code="PUB-MATRIX-1")


def _point(ctx):
    return {"code": ctx["published_point"].code}


def _body(ctx):
    return {"code": ctx["published_point"].body.code}


ROWS = [
    Row("publication:index", public()),
    Row("publication:point", public(), kwargs=_point),
    Row("publication:body", public(), kwargs=_body),
    Row("publication:open_data", public()),
    Row("open_data:catalogue", public()),
    Row("open_data:dataset", public(), kwargs=lambda ctx: {"period": "2026", "fmt": "csv"}),
    Row(
        "open_data:dataset",
        public(),
        kwargs=lambda ctx: {"period": "2026-S1", "fmt": "json"},
        label="open_data:dataset (json)",
    ),
    Row("public_api:point_list", public()),
    Row("public_api:point_detail", public(), kwargs=_point),
]
