from django.urls import path

from dueregard.concerns import category_views, views

app_name = "concerns"
urlpatterns = [
    path("raise/", views.raise_start, name="raise"),
    path("raise/details/", views.raise_details, name="raise_details"),
    path("raise/people/", views.person_picker, name="person_picker"),
    path("mine/", views.mine, name="mine"),
    path("triage/", views.triage_queue, name="triage_queue"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/receipt/", views.receipt, name="receipt"),
    path("categories/", category_views.categories, name="categories"),
    path("categories/<uuid:public_id>/", category_views.category_edit, name="category_edit"),
    path(
        "categories/<uuid:public_id>/retire/",
        category_views.category_retire,
        name="category_retire",
    ),
    path(
        "categories/<uuid:public_id>/restore/",
        category_views.category_restore,
        name="category_restore",
    ),
    path("categories/<uuid:public_id>/move/", category_views.category_move, name="category_move"),
    path("attachments/<uuid:public_id>/", views.attachment_download, name="attachment"),
]
