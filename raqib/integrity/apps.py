from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "raqib.integrity"
    label = "integrity"
    verbose_name = _("Integrity case files")

    def ready(self) -> None:
        from raqib.core.navigation import NavItem, register
        from raqib.missions.signals import report_validated

        from .access import LISTERS
        from .receivers import on_report_validated

        register(NavItem("integrity:case_list", _("Integrity cases"), LISTERS, order=45))
        report_validated.connect(on_report_validated, dispatch_uid="integrity.report_validated")
