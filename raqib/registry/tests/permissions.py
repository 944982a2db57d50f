from raqib.core.roles import STAFF_ROLES, Role
from raqib.core.testing import Row, allow

ROWS = [
    Row("registry:service_point_list", allow(*STAFF_ROLES, Role.FOCAL_POINT)),
]
