from django.urls import URLPattern

app_name = "policydoc"
urlpatterns: list[URLPattern] = []
