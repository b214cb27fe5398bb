from django.urls import path

from dueregard.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("add/", views.add, name="add"),
    path("<uuid:public_id>/", views.edit, name="edit"),
]
