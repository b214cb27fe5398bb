from django.urls import path

from dueregard.notifications import views

app_name = "notifications"
urlpatterns = [path("", views.alert_list, name="list")]
