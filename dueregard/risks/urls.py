from django.urls import path

from dueregard.risks import views

app_name = "risks"
urlpatterns = [
    path("", views.register, name="register"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("movement/", views.movement, name="movement"),
    path("versions/", views.versions, name="versions"),
    path("versions/<uuid:public_id>/", views.version_detail, name="version_detail"),
    path("publish/", views.publish, name="publish"),
    path("details/", views.register_details, name="register_details"),
    path("guidance-change/", views.guidance_change, name="guidance_change"),
    path("themes/", views.themes, name="themes"),
    path("themes/<uuid:public_id>/", views.theme_edit, name="theme_edit"),
    path("grid/", views.grid, name="grid"),
    path("risk/add/", views.risk_add, name="risk_add"),
    path("risk/<uuid:public_id>/", views.risk_detail, name="risk_detail"),
    path("risk/<uuid:public_id>/edit/", views.risk_edit, name="risk_edit"),
    path("risk/<uuid:public_id>/status/", views.risk_status, name="risk_status"),
    path("risk/<uuid:public_id>/make-action/", views.risk_make_action, name="risk_make_action"),
    path("actions/", views.action_plan, name="action_plan"),
    path("actions/add/", views.action_add, name="action_add"),
    path("actions/<uuid:public_id>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:public_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:public_id>/status/", views.action_status, name="action_status"),
    path("actions/<uuid:public_id>/progress/", views.action_note, name="action_note"),
    path("actions/<uuid:public_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<uuid:public_id>/", views.evidence, name="evidence"),
    path("export/register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("export/register.pdf", views.register_pdf, name="register_pdf"),
    path("export/register.docx", views.register_docx, name="register_docx"),
    path("export/actions.xlsx", views.actions_xlsx, name="actions_xlsx"),
    path("export/actions.pdf", views.actions_pdf, name="actions_pdf"),
    path("export/actions.docx", views.actions_docx, name="actions_docx"),
]
