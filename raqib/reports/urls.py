from .urls_dashboard import urlpatterns as dashboard_urls
from .urls_periodic import urlpatterns as periodic_urls

app_name = "reports"
urlpatterns = [*dashboard_urls, *periodic_urls]
