from django.urls import path

from dueregard.channel import views

app_name = "channel"
urlpatterns = [
    path("case/<uuid:public_id>/", views.case_panels, name="case"),
    path("case/<uuid:public_id>/add/", views.add, name="add"),
    path("review/<uuid:public_id>/", views.hold_review, name="review"),
    path("panel/<uuid:public_id>/outcome/", views.record_outcome, name="outcome"),
    path("action/<uuid:public_id>/done/", views.action_done, name="action_done"),
]
