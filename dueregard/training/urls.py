from django.urls import path

from dueregard.training.views import briefings, courses, imports, matrix, mine, records

app_name = "training"
urlpatterns = [
    path("", matrix.compliance, name="compliance"),
    path("compliance.xlsx", matrix.compliance_xlsx, name="compliance_xlsx"),
    path("compliance.pdf", matrix.compliance_pdf, name="compliance_pdf"),
    path("mine/", mine.mine, name="mine"),
    path("mine/add/", mine.mine_add, name="mine_add"),
    path("records/awaiting/", records.awaiting, name="awaiting"),
    path("members/<uuid:public_id>/", records.member, name="member"),
    path("records/add/", records.record_add, name="record_add"),
    path("records/<uuid:public_id>/verify/", records.record_verify, name="record_verify"),
    path("records/<uuid:public_id>/withdraw/", records.record_withdraw, name="record_withdraw"),
    path("records/<uuid:public_id>/evidence/", records.evidence, name="evidence"),
    path("session/", records.session, name="session"),
    path("courses/", courses.courses, name="courses"),
    path("courses/<uuid:public_id>/", courses.course_edit, name="course_edit"),
    path("courses/<uuid:public_id>/offered/", courses.course_offered, name="course_offered"),
    path("requirements/", courses.requirements, name="requirements"),
    path("requirements/add/", courses.requirement_add, name="requirement_add"),
    path("requirements/<uuid:public_id>/", courses.requirement_edit, name="requirement_edit"),
    path("briefings/", briefings.briefings, name="briefings"),
    path("briefings/add/", briefings.briefing_add, name="briefing_add"),
    path("briefings/<uuid:public_id>/", briefings.briefing, name="briefing"),
    path("import/", imports.import_upload, name="import"),
    path("import/<uuid:public_id>/", imports.import_status, name="import_status"),
]
