from django.urls import path

from dueregard.people import record_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_add, name="add"),
    path("import/", views.person_import, name="import"),
    path("<uuid:public_id>/", views.person_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.person_edit, name="edit"),
    path("<uuid:public_id>/flags/add/", record_views.add_flag, name="add_flag"),
    path("flags/<uuid:public_id>/end/", record_views.end_flag, name="end_flag"),
    path("<uuid:public_id>/contacts/add/", record_views.add_contact, name="add_contact"),
    path("contacts/<uuid:public_id>/remove/", record_views.remove_contact, name="remove_contact"),
    path("<uuid:public_id>/related/add/", record_views.add_relation, name="add_relation"),
    path("related-picker/", record_views.relation_picker, name="relation_picker"),
    path("related/<uuid:public_id>/remove/", record_views.remove_relation, name="remove_relation"),
]
