from django.urls import path

from dueregard.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("read/", views.mark_all, name="mark_all_read"),
    path("<uuid:public_id>/", views.open_alert, name="open"),
]
