from django.urls import path

from dueregard.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("add/", views.policy_add, name="add"),
    path("<uuid:public_id>/", views.policy_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.policy_edit, name="edit"),
    path("<uuid:public_id>/versions/add/", views.add_version, name="add_version"),
    path("<uuid:public_id>/review/", views.review, name="review"),
    path("<uuid:public_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:public_id>/not-acknowledged/", views.outstanding, name="outstanding"),
    path("versions/<uuid:public_id>/file/", views.version_file, name="version_file"),
]
