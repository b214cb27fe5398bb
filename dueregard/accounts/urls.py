from django.urls import path

from dueregard.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_security, name="security"),
    path("second-factor-required/", views.mfa_required, name="mfa_required"),
]
