from django.urls import path

from dueregard.channel import views

app_name = "channel"
urlpatterns = [
    path("case/<uuid:public_id>/", views.case_panels, name="case"),
    path("case/<uuid:public_id>/add/", views.add, name="add"),
    path("review/<uuid:public_id>/", views.hold_review, name="review"),
]
