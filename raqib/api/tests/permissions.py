from raqib.core.roles import Role
from raqib.core.testing import Row, allow

ROWS = [
    # The schema is for signed-in clients; DRF answers 403 (not a redirect) to anonymous calls.
    Row("api:schema", allow(*Role.values, no_role=200, anonymous=403)),
]
