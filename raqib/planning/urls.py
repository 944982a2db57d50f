from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/observers/", views.observer_set, name="observer_set"),
    path("<int:pk>/observers/all/", views.observers_add_active, name="observers_add_active"),
    path("<int:pk>/observers/<int:row>/remove/", views.observer_remove, name="observer_remove"),
    path("<int:pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/items/pull/", views.items_pull, name="items_pull"),
    path("<int:pk>/items/<int:item>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/complaints/", views.complaints_import, name="complaints_import"),
    path("<int:pk>/solve/", views.solve, name="solve"),
    path("<int:pk>/plans/<int:run>/", views.run_detail, name="run_detail"),
    path("<int:pk>/plans/<int:run>/status/", views.run_status, name="run_status"),
    path("<int:pk>/plans/<int:run>/launch/", views.run_launch, name="run_launch"),
    path("<int:pk>/plans/<int:run>/plan.csv", views.run_csv, name="run_csv"),
]
