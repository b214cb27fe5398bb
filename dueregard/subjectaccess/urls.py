from django.urls import path

from dueregard.subjectaccess import views

app_name = "subjectaccess"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("start/", views.start, name="start"),
    path("people-picker/", views.person_picker, name="person_picker"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/extend/", views.extend, name="extend"),
    path("<uuid:public_id>/close/", views.close, name="close"),
    path("<uuid:public_id>/redact/", views.add_term, name="add_term"),
    path("<uuid:public_id>/names/", views.find_names, name="find_names"),
    path("<uuid:public_id>/export/", views.export, name="export"),
    path("redactions/<uuid:public_id>/", views.decide, name="decide"),
]
