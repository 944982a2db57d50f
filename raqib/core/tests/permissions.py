from raqib.core.testing import Row, public

ROWS = [
    # Anonymous visitors get the public landing page; every signed-in account its workspace,
    # even one still waiting for a role.
    Row("core:home", public()),
    Row("health", public()),
    Row("health_checks", public()),
    Row(
        "set_language",
        public(302),
        method="post",
        data=lambda ctx: {"language": "fr", "next": "/fr/"},
    ),
    Row("javascript-catalog", public()),
]
