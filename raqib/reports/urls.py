from .dashboard.urls import urlpatterns as dashboard_urls
from .periodic.urls import urlpatterns as periodic_urls

app_name = "reports"
urlpatterns = [*dashboard_urls, *periodic_urls]
