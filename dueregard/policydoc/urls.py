from django.urls import path

from dueregard.policydoc import views

app_name = "policydoc"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("details/", views.details, name="details"),
    path("publish/", views.publish, name="publish"),
    path("sections/<uuid:public_id>/", views.section_edit, name="section_edit"),
    path("published/", views.published, name="published"),
    path("versions/<uuid:public_id>/", views.version_detail, name="version_detail"),
    path("print/policy.pdf", views.policy_pdf, name="policy_pdf"),
    path("print/policy.docx", views.policy_docx, name="policy_docx"),
]
