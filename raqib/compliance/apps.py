from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "raqib.compliance"
    label = "compliance"
    verbose_name = _("Compliance with reception requirements (Marhba label)")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import STAFF_ROLES, Role

        register(
            NavItem(
                "compliance:referential_current",
                _("Marhba compliance"),
                frozenset(STAFF_ROLES | {Role.FOCAL_POINT}),
                order=45,
            )
        )
