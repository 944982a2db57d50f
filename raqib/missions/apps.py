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
