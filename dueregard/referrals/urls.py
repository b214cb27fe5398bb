from django.urls import path

from dueregard.referrals import views

app_name = "referrals"
urlpatterns = [
    path("<uuid:public_id>/approve/", views.approve, name="approve"),
]
