"""The vocabulary of roles.

It lives in core, not in accounts, because every app (registry included, which sits *before*
accounts in the flow of data) checks roles; accounts stores who holds which role.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    DIRECTOR = "director", _("Director")
    COORDINATOR = "coordinator", _("Coordinator")
    OBSERVER = "observer", _("Observer")
    INTEGRITY_OFFICER = "integrity_officer", _("Integrity officer")
    FOCAL_POINT = "focal_point", _("Focal point of a public body")


# Department staff who may read the whole registry and every grid.
STAFF_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR, Role.INTEGRITY_OFFICER}
)
# Who may change the registry and author grids.
EDITOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})
