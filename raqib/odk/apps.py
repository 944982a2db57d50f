from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OdkConfig(AppConfig):
    name = "raqib.odk"
    verbose_name = _("ODK Collect")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role

        register(NavItem("odk:settings", _("ODK Collect"), frozenset({Role.OBSERVER}), order=13))
