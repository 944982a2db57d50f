from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "raqib.grids"
    label = "grids"
    verbose_name = _("Evaluation grids")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import STAFF_ROLES

        register(
            NavItem("grids:grid_list", _("Evaluation grids"), frozenset(STAFF_ROLES), order=20)
        )
