from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "raqib.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role

        register(
            NavItem(
                "audit:event_list",
                _("Audit trail"),
                frozenset({Role.ADMINISTRATOR, Role.DIRECTOR}),
                order=900,
            )
        )
