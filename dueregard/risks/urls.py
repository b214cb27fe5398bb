from django.urls import path

from dueregard.organisations.exportviews import export_urls
from dueregard.risks import views
from dueregard.risks.exports import DOCUMENTS

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
    *export_urls(DOCUMENTS),
]
