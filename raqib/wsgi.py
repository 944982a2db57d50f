import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raqib.settings.production")
application = get_wsgi_application()
# Django and the apps are loaded for good: keep their objects out of the collector's full
# passes, which big pages (a national dashboard) would otherwise trigger in the middle of a
# request (tens of milliseconds each).
gc.freeze()
