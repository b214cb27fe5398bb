from django.urls import path

from dueregard.cases.views import (
    chronology,
    closure,
    decisions,
    pages,
    person,
    restriction,
    support,
)

app_name = "cases"
urlpatterns = [
    path("", pages.case_list, name="list"),
    path("<uuid:public_id>/", pages.case_detail, name="detail"),
    path("<uuid:public_id>/decision/", decisions.decide, name="decide"),
    path("<uuid:public_id>/people/", support.add_party, name="add_party"),
    path("people-picker/", support.person_picker, name="person_picker"),
    path("<uuid:public_id>/actions/", support.add_action, name="add_action"),
    path("<uuid:public_id>/notes/", support.add_note, name="add_note"),
    path("<uuid:public_id>/close/", closure.close, name="close"),
    path("<uuid:public_id>/reopen/", closure.reopen, name="reopen"),
    path("<uuid:public_id>/monitor/", closure.monitor, name="monitor"),
    path("<uuid:public_id>/restrict/", restriction.restrict, name="restrict"),
    path("<uuid:public_id>/category/", closure.category, name="category"),
    path("<uuid:public_id>/access-log/", pages.access_log, name="access_log"),
    path("<uuid:public_id>/chronology/", chronology.chronology, name="chronology"),
    path(
        "person/<uuid:public_id>/access-log/",
        pages.person_access_log,
        name="person_access_log",
    ),
    path("person/<uuid:public_id>/", person.person_record, name="person_record"),
    path("actions/<uuid:public_id>/status/", support.action_status, name="action_status"),
    path("reviews/<uuid:public_id>/", support.hold_review, name="hold_review"),
]
