from django.urls import path

from dueregard.partnership import views

app_name = "partnership"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("meetings/add/", views.meeting_add, name="meeting_add"),
    path("meetings/<uuid:public_id>/", views.meeting, name="meeting"),
    path("actions/<uuid:public_id>/make-item/", views.make_item, name="make_item"),
    path("threat-level/", views.threat_level, name="threat_level"),
    path("local-picture/add/", views.picture_note, name="picture_note"),
    path("updates/", views.updates, name="updates"),
    path("updates/send/", views.update_send, name="update_send"),
    path("updates/<uuid:public_id>/", views.update, name="update"),
    path("updates/<uuid:public_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
