from django.urls import path

from dueregard.checks import views

app_name = "checks"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("filtering/add/", views.check_add, name="check_add"),
    path("alerts/add/", views.alert_add, name="alert_add"),
    path("rooms/add/", views.room_add, name="room_add"),
    path("rooms/<uuid:public_id>/edit/", views.room_edit, name="room_edit"),
    path("rooms/<uuid:public_id>/check/", views.room_check, name="room_check"),
    path("faith-calendar/add/", views.faith_date_add, name="faith_date_add"),
]
