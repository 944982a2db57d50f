from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "raqib.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role

        register(NavItem("exports:export_list", _("My exports"), frozenset(Role.values), order=90))
