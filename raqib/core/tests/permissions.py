from raqib.core.roles import Role
from raqib.core.testing import Row, allow, public

ALL_ROLES = list(Role.values)

ROWS = [
    # Every signed-in account lands on its home page, even one waiting for a role.
    Row("core:home", allow(*ALL_ROLES, no_role=200)),
    Row("health", public()),
    Row(
        "set_language",
        public(302),
        method="post",
        data=lambda ctx: {"language": "fr", "next": "/fr/"},
    ),
    Row("javascript-catalog", public()),
]
