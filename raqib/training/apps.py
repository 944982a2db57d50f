from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "raqib.training"
    verbose_name = _("Training and certification")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.core.roles import Role

        register(
            NavItem("training:my_training", _("My training"), frozenset({Role.OBSERVER}), order=12)
        )
        register(
            NavItem(
                "training:certifications",
                _("Certifications"),
                frozenset({Role.COORDINATOR, Role.DIRECTOR}),
                order=46,
            )
        )
        register(
            NavItem("training:authoring", _("Courses"), frozenset({Role.COORDINATOR}), order=47)
        )
