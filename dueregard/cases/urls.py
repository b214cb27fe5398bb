from django.urls import path

from dueregard.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:public_id>/", views.case_detail, name="detail"),
    path("<uuid:public_id>/decision/", views.decide, name="decide"),
    path("<uuid:public_id>/people/", views.add_party, name="add_party"),
    path("<uuid:public_id>/actions/", views.add_action, name="add_action"),
    path("<uuid:public_id>/notes/", views.add_note, name="add_note"),
    path("<uuid:public_id>/close/", views.close, name="close"),
    path("<uuid:public_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:public_id>/monitor/", views.monitor, name="monitor"),
    path("<uuid:public_id>/restrict/", views.restrict, name="restrict"),
    path("<uuid:public_id>/category/", views.category, name="category"),
    path("<uuid:public_id>/access-log/", views.access_log, name="access_log"),
    path("actions/<uuid:public_id>/status/", views.action_status, name="action_status"),
    path("reviews/<uuid:public_id>/", views.hold_review, name="hold_review"),
]
