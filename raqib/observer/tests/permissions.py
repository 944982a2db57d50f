from raqib.core.roles import Role
from raqib.core.testing import Row, allow, public

ROWS = [
    Row("observer:app", allow(Role.OBSERVER)),
    # Browsers fetch the manifest without cookies, and the worker script must stay reachable
    # after the session expires (or the installed app could never update); neither holds data.
    Row("observer:manifest", public()),
    Row("observer:service_worker", public()),
]
