from django.urls import path

from dueregard.organisations import views

app_name = "organisations"
urlpatterns = [
    path("switch/", views.switch, name="switch"),
    path("settings/", views.settings_view, name="settings"),
]
