from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "raqib.integrity"
    label = "integrity"
    verbose_name = _("Integrity case files")

    def ready(self) -> None:
        from raqib.core.home import HomePanel
        from raqib.core.home import register as register_panel
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role
        from raqib.missions.signals import report_validated

        from . import selectors
        from .access import LISTERS
        from .receivers import on_report_validated

        register(NavItem("integrity:case_list", _("Integrity cases"), LISTERS, order=45))
        # The officer's workspace, above the critical findings not yet turned into cases.
        register_panel(
            HomePanel(
                "integrity:workspace",
                "integrity/_home_workspace.html",
                frozenset({Role.INTEGRITY_OFFICER}),
                lambda user: selectors.officer_workspace(user=user),
                order=5,
            )
        )
        report_validated.connect(on_report_validated, dispatch_uid="integrity.report_validated")
