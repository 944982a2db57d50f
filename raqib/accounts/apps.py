from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "raqib.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role

        register(
            NavItem(
                "accounts:user_list",
                _("Users and roles"),
                frozenset({Role.ADMINISTRATOR}),
                order=800,
            )
        )
