from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "raqib.registry"
    label = "registry"
    verbose_name = _("Registry of public services")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import STAFF_ROLES, Role

        register(
            NavItem(
                "registry:service_point_list",
                _("Service points"),
                frozenset(STAFF_ROLES | {Role.FOCAL_POINT}),
                order=10,
            )
        )
        from .export_kinds import register_kinds

        register_kinds()
