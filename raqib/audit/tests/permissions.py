from raqib.core.roles import Role
from raqib.core.testing import Row, allow

ROWS = [
    Row("audit:event_list", allow(Role.ADMINISTRATOR, Role.DIRECTOR)),
]
