from raqib.core.roles import Role
from raqib.core.testing import Row, allow


def _target(ctx):
    return {"pk": ctx["personas"][Role.OBSERVER.value].pk}


ROWS = [
    Row("accounts:user_list", allow(Role.ADMINISTRATOR)),
    Row("accounts:user_create", allow(Role.ADMINISTRATOR)),
    Row("accounts:user_detail", allow(Role.ADMINISTRATOR), kwargs=_target),
    Row("accounts:user_roles_edit", allow(Role.ADMINISTRATOR), kwargs=_target),
    Row("accounts:user_focal_bodies_edit", allow(Role.ADMINISTRATOR), kwargs=_target),
    Row("accounts:user_observer_profile_edit", allow(Role.ADMINISTRATOR), kwargs=_target),
    Row("accounts:user_deactivate", allow(Role.ADMINISTRATOR), kwargs=_target),
    Row("accounts:user_reactivate", allow(Role.ADMINISTRATOR), kwargs=_target),
    # No dates: refused with a message, back to the account page.
    Row(
        "accounts:appointment_record",
        allow(Role.ADMINISTRATOR, ok=302),
        kwargs=_target,
        method="post",
    ),
    Row(
        "accounts:user_detail",
        allow(Role.ADMINISTRATOR, ok=404),
        kwargs=lambda ctx: {"pk": 987654},
        label="accounts:user_detail (missing)",
    ),
]
