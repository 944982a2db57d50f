from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "raqib.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import STAFF_ROLES, Role

        register(
            NavItem(
                "surveys:wave_list",
                _("Satisfaction surveys"),
                frozenset(STAFF_ROLES | {Role.FOCAL_POINT}),
                order=30,
            )
        )
        from .export_kinds import register_kinds

        register_kinds()
