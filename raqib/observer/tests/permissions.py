from raqib.core.roles import Role
from raqib.core.testing import Row, allow, public

ROWS = [
    Row("observer:app", allow(Role.OBSERVER)),
    # Browsers fetch the manifest without cookies, and the worker script must stay reachable
    # after the session expires (or the installed app could never update); neither holds data.
    Row("observer:manifest", public()),
    Row("observer:service_worker", public()),
    # The training sync (docs/training.md, "Offline"): DRF answers 403 to anonymous users.
    Row("api:observer_training", allow(Role.OBSERVER, anonymous=403)),
    Row(
        "api:observer_quiz_attempt",
        # The matrix posts a form: the endpoint reads JSON only (415).
        allow(Role.OBSERVER, ok=415, anonymous=403),
        method="post",
        label="api:observer_quiz_attempt (form body)",
    ),
]
