from django.urls import path

from dueregard.concerns import views

app_name = "concerns"
urlpatterns = [
    path("raise/", views.raise_start, name="raise"),
    path("raise/details/", views.raise_details, name="raise_details"),
    path("raise/people/", views.person_picker, name="person_picker"),
    path("mine/", views.mine, name="mine"),
    path("triage/", views.triage_queue, name="triage_queue"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/receipt/", views.receipt, name="receipt"),
    path("attachments/<uuid:public_id>/", views.attachment_download, name="attachment"),
]
