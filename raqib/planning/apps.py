from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "raqib.planning"
    verbose_name = _("Coverage planning")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role

        register(
            NavItem(
                "planning:campaign_list",
                _("Coverage planning"),
                frozenset({Role.COORDINATOR, Role.DIRECTOR}),
                order=44,
            )
        )
