from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "raqib.reports"
    label = "reports"
    verbose_name = _("Dashboards and activity reports")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role
        from raqib.missions.signals import report_validated

        from . import rollups

        # missions must not know that reports exists: it only announces validations.
        report_validated.connect(rollups.on_report_validated, dispatch_uid="reports-rollups")
        register(
            NavItem(
                "reports:dashboard",
                _("Dashboard"),
                frozenset(
                    {
                        Role.ADMINISTRATOR,
                        Role.DIRECTOR,
                        Role.COORDINATOR,
                        Role.INTEGRITY_OFFICER,
                        Role.FOCAL_POINT,
                    }
                ),
                order=5,
            )
        )
        register(
            NavItem(
                "reports:periodic_list",
                _("Activity reports"),
                frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.COORDINATOR}),
                order=60,
            )
        )
        from .raw_exports import register_kinds

        register_kinds()
