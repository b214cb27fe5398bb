from django.urls import path

from dueregard.training import matrix_views, views

app_name = "training"
urlpatterns = [
    path("", matrix_views.compliance, name="compliance"),
    path("compliance.xlsx", matrix_views.compliance_xlsx, name="compliance_xlsx"),
    path("compliance.pdf", matrix_views.compliance_pdf, name="compliance_pdf"),
    path("mine/", views.mine, name="mine"),
    path("mine/add/", views.mine_add, name="mine_add"),
    path("records/awaiting/", views.awaiting, name="awaiting"),
    path("members/<uuid:public_id>/", views.member, name="member"),
    path("records/add/", views.record_add, name="record_add"),
    path("records/<uuid:public_id>/verify/", views.record_verify, name="record_verify"),
    path("records/<uuid:public_id>/withdraw/", views.record_withdraw, name="record_withdraw"),
    path("records/<uuid:public_id>/evidence/", views.evidence, name="evidence"),
    path("session/", views.session, name="session"),
    path("courses/", views.courses, name="courses"),
    path("courses/<uuid:public_id>/", views.course_edit, name="course_edit"),
    path("courses/<uuid:public_id>/offered/", views.course_offered, name="course_offered"),
    path("requirements/", views.requirements, name="requirements"),
    path("requirements/add/", views.requirement_add, name="requirement_add"),
    path("requirements/<uuid:public_id>/", views.requirement_edit, name="requirement_edit"),
    path("briefings/", views.briefings, name="briefings"),
    path("briefings/add/", views.briefing_add, name="briefing_add"),
    path("briefings/<uuid:public_id>/", views.briefing, name="briefing"),
    path("import/", views.import_upload, name="import"),
    path("import/<uuid:public_id>/", views.import_status, name="import_status"),
]
