"""Mounted under ``risks/`` beside the register, so the plan's addresses stay as they were."""

from django.urls import path

from dueregard.actions import views
from dueregard.actions.exports import DOCUMENTS
from dueregard.organisations.exportviews import export_urls

app_name = "actions"
urlpatterns = [
    path("risk/<uuid:public_id>/make-action/", views.risk_make_action, name="risk_make_action"),
    path("actions/", views.action_plan, name="action_plan"),
    path("actions/add/", views.action_add, name="action_add"),
    path("actions/<uuid:public_id>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:public_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:public_id>/status/", views.action_status, name="action_status"),
    path("actions/<uuid:public_id>/progress/", views.action_note, name="action_note"),
    path("actions/<uuid:public_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<uuid:public_id>/", views.evidence, name="evidence"),
    *export_urls(DOCUMENTS),
]
