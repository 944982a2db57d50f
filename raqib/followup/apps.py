from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "raqib.followup"
    label = "followup"
    verbose_name = _("Follow-up of recommendations and reforms")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import STAFF_ROLES, Role
        from raqib.missions.signals import mission_cancelled, report_validated

        from .receivers import on_mission_cancelled, on_report_validated

        register(
            NavItem(
                "followup:recommendation_list",
                _("Follow-up"),
                frozenset(STAFF_ROLES | {Role.FOCAL_POINT}),
                order=40,
            )
        )
        register(
            NavItem(
                "followup:measure_list",
                _("Simplification measures"),
                frozenset(STAFF_ROLES | {Role.FOCAL_POINT}),
                order=41,
            )
        )
        report_validated.connect(on_report_validated, dispatch_uid="followup.report_validated")
        mission_cancelled.connect(on_mission_cancelled, dispatch_uid="followup.mission_cancelled")

        from raqib.core.home import HomePanel
        from raqib.core.home import register as register_panel

        from .selectors import recommendations_awaiting

        register_panel(
            HomePanel(
                "followup:awaiting",
                "followup/_home_awaiting.html",
                frozenset({Role.FOCAL_POINT, Role.COORDINATOR, Role.DIRECTOR}),
                lambda user: {"recommendations": recommendations_awaiting(user=user)},
                order=20,
            )
        )
