from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObserverConfig(AppConfig):
    name = "raqib.observer"
    label = "observer"
    verbose_name = _("Observer app")
