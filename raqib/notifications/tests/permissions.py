from django.utils.translation import gettext_lazy as _

from raqib.core.roles import Role
from raqib.core.testing import Row, allow

EVERY_ROLE = tuple(Role.values)


def build(ctx):
    """Each persona has one notification; the matrix opens the coordinator's as everyone."""
    from raqib.notifications.contract import Message
    from raqib.notifications.kinds import KINDS
    from raqib.notifications.services import notification_send

    personas = ctx["personas"]
    for role in Role.values:
        kind = next(k for k, spec in KINDS.items() if role in spec.roles)
        notification_send(
            message=Message(
                kind=kind,
                recipients=(personas[role],),
                event_key=f"matrix:{role}",
                title=_("Notifications"),
            )
        )
    from raqib.notifications.models import Notification

    ctx["coordinator_notification"] = Notification.objects.get(
        recipient=personas[Role.COORDINATOR], event_key=f"matrix:{Role.COORDINATOR}"
    )


def _theirs(ctx):
    return {"pk": ctx["coordinator_notification"].pk}


ROWS = [
    Row("notifications:inbox", allow(*EVERY_ROLE)),
    Row("notifications:preferences", allow(*EVERY_ROLE)),
    Row(
        "notifications:preferences",
        allow(*EVERY_ROLE, ok=302),
        method="post",
        label="notifications:preferences POST",
        data=lambda ctx: {"language": "ar"},
    ),
    Row(
        "notifications:mark_all_read",
        allow(*EVERY_ROLE, ok=302),
        method="post",
    ),
    # Only the coordinator owns this one: everyone else gets the 404 of a missing row.
    Row(
        "notifications:mark_read",
        allow(*EVERY_ROLE, ok=404, coordinator=302),
        method="post",
        kwargs=_theirs,
    ),
]
