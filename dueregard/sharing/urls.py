from django.urls import path

from dueregard.sharing import views

# Mounted at /referrals/sharing-log/: the log's addresses predate its own app.
app_name = "sharing"
urlpatterns = [
    path("", views.log, name="log"),
    path("add/", views.disclosure_add, name="disclosure_add"),
    path("<uuid:public_id>/correct/", views.disclosure_correct, name="disclosure_correct"),
    path("export.csv", views.log_csv, name="log_csv"),
    path("export.xlsx", views.log_xlsx, name="log_xlsx"),
]
