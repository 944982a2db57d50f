from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "raqib.missions"
    label = "missions"
    verbose_name = _("Missions")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import STAFF_ROLES

        register(NavItem("missions:mission_list", _("Missions"), frozenset(STAFF_ROLES), order=25))
        register(
            NavItem(
                "missions:allowance_statement",
                _("Allowances"),
                frozenset({"observer", "coordinator", "director"}),
                order=80,
            )
        )

        from raqib.core.home import HomePanel
        from raqib.core.home import register as register_panel
        from raqib.core.roles import Role

        from .selectors import critical_reports_for_user

        # The integrity officer's work starts from the critical findings of their scope.
        register_panel(
            HomePanel(
                "missions:critical",
                "missions/_home_critical.html",
                frozenset({Role.INTEGRITY_OFFICER}),
                lambda user: {"reports": critical_reports_for_user(user=user)},
                order=10,
            )
        )
        from .export_kinds import register_kinds

        register_kinds()
