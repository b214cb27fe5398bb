from django.urls import URLPattern

app_name = "channel"
urlpatterns: list[URLPattern] = []
