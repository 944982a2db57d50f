from raqib.core.roles import Role
from raqib.core.testing import PERSONAS, Row, allow

ROWS = [
    # The schema is for signed-in clients; DRF answers 403 (not a redirect) to anonymous calls.
    Row("api:schema", allow(*Role.values, no_role=200, anonymous=403)),
    # Any other address under /api/ (e.g. a non-numeric id) is a JSON 404 for everyone.
    Row(
        "api:not_found",
        dict.fromkeys(PERSONAS, 404),
        kwargs=lambda ctx: {"rest": "v1/grids/versions/abc/"},
    ),
]
