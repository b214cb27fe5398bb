from django.urls import path

app_name = "concerns"
urlpatterns: list = []
