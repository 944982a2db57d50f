from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObserverConfig(AppConfig):
    name = "raqib.observer"
    label = "observer"
    verbose_name = _("Observer app")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role

        # The menu and the home page's cards link observers to their field app (issue 11).
        register(NavItem("observer:app", _("Observer app"), frozenset({Role.OBSERVER}), order=5))
