from django.urls import path

from dueregard.referrals.views import documents, follow_ups, referral

app_name = "referrals"
urlpatterns = [
    path("", referral.referral_list, name="list"),
    path("case/<uuid:public_id>/prepare/", referral.prepare, name="prepare"),
    path("<uuid:public_id>/", referral.detail, name="detail"),
    path("<uuid:public_id>/edit/", referral.edit, name="edit"),
    path("<uuid:public_id>/submit/", referral.submit, name="submit"),
    path("<uuid:public_id>/approve/", referral.approve, name="approve"),
    path("<uuid:public_id>/send-back/", referral.send_back, name="send_back"),
    path("<uuid:public_id>/sent/", referral.record_sent, name="sent"),
    path("<uuid:public_id>/progress/", referral.progress, name="progress"),
    path("<uuid:public_id>/follow-up/", follow_ups.follow_up_add, name="follow_up_add"),
    path("follow-up/<uuid:public_id>/done/", follow_ups.follow_up_done, name="follow_up_done"),
    path("<uuid:public_id>/document.pdf", documents.document_pdf, name="document_pdf"),
    path("<uuid:public_id>/document.docx", documents.document_docx, name="document_docx"),
]
