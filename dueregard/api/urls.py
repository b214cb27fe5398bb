from django.urls import path

from dueregard.api import pages, views

app_name = "api"

urlpatterns = [
    path("v1/people/", views.PeopleView.as_view(), name="people"),
    path("v1/people/sync/", views.PeopleSyncView.as_view(), name="people_sync"),
    path("v1/people/<str:public_id>/", views.PersonView.as_view(), name="person"),
    path("v1/concerns/", views.ConcernsView.as_view(), name="concerns"),
    path("v1/training-records/", views.TrainingRecordsView.as_view(), name="training_records"),
    path(
        "v1/training-imports/<str:public_id>/",
        views.TrainingImportView.as_view(),
        name="training_import",
    ),
    path("v1/figures/", views.FiguresView.as_view(), name="figures"),
    path("v1/cases/", views.CasesView.as_view(), name="cases"),
    path("v1/cases/<str:public_id>/", views.CaseView.as_view(), name="case"),
    path(
        "v1/cases/<str:public_id>/chronology/",
        views.ChronologyView.as_view(),
        name="chronology",
    ),
    path("schema/", pages.schema, name="schema"),
    path("docs/", pages.docs, name="docs"),
    path("keys/", pages.key_list, name="keys"),
    path("keys/new/", pages.key_add, name="key_add"),
    path("keys/<uuid:public_id>/revoke/", pages.key_revoke, name="key_revoke"),
]
