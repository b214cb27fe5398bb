from django.urls import path

from dueregard.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("case/<uuid:public_id>/prepare/", views.prepare, name="prepare"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/edit/", views.edit, name="edit"),
    path("<uuid:public_id>/submit/", views.submit, name="submit"),
    path("<uuid:public_id>/approve/", views.approve, name="approve"),
    path("<uuid:public_id>/send-back/", views.send_back, name="send_back"),
    path("<uuid:public_id>/sent/", views.record_sent, name="sent"),
    path("<uuid:public_id>/progress/", views.progress, name="progress"),
    path("<uuid:public_id>/follow-up/", views.follow_up_add, name="follow_up_add"),
    path("follow-up/<uuid:public_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("<uuid:public_id>/document.pdf", views.document_pdf, name="document_pdf"),
    path("<uuid:public_id>/document.docx", views.document_docx, name="document_docx"),
    path("sharing-log/", views.log, name="log"),
    path("sharing-log/add/", views.disclosure_add, name="disclosure_add"),
    path(
        "sharing-log/<uuid:public_id>/correct/",
        views.disclosure_correct,
        name="disclosure_correct",
    ),
    path("sharing-log/export.csv", views.log_csv, name="log_csv"),
    path("sharing-log/export.xlsx", views.log_xlsx, name="log_xlsx"),
]
