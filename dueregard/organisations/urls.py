from django.urls import path

from dueregard.organisations import views

app_name = "organisations"
urlpatterns = [
    path("switch/", views.switch, name="switch"),
    path("settings/", views.settings_view, name="settings"),
    path("members/", views.members, name="members"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<uuid:public_id>/", views.member_edit, name="member_edit"),
    path("sites/", views.sites, name="sites"),
    path("sites/<uuid:public_id>/", views.site_edit, name="site_edit"),
]
