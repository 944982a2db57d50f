from raqib.core.roles import Role
from raqib.core.testing import Row, allow

ROWS = [
    Row("accounts:user_list", allow(Role.ADMINISTRATOR)),
]
