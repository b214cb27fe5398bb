from django.urls import path

from dueregard.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("request/", views.submit, name="submit"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/checks/", views.add_check, name="add_check"),
    path("<uuid:public_id>/assess/", views.assess, name="assess"),
    path("<uuid:public_id>/decide/", views.decide, name="decide"),
    path("<uuid:public_id>/outcome/", views.outcome, name="outcome"),
    path("<uuid:public_id>/cancel/", views.cancel, name="cancel"),
]
