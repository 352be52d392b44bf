from django.urls import path

from projects import opendata, views
from projects.feeds import ProjectFeed

app_name = "projects"

urlpatterns = [
    path(
        "opendata/projekte.<str:extension>",
        opendata.projects_download,
        name="opendata-projects",
    ),
    path("opendata/publiccode.zip", opendata.publiccode_bundle, name="opendata-publiccode"),
    path("projekte/", views.project_list, name="project-list"),
    path("projekte/neu/", views.project_create, name="project-create"),
    path("projekte/feed/", ProjectFeed(), name="project-feed"),
    path(
        "projekte/noch-aktuell/<str:token>/",
        views.project_confirm_current,
        name="project-confirm-current",
    ),
    path("projekte/aehnliche/", views.similar_hint, name="project-similar"),
    path("projekte/<slug:slug>/", views.project_detail, name="project-detail"),
    path(
        "projekte/<slug:slug>/publiccode.yml",
        views.project_publiccode,
        name="project-publiccode",
    ),
    path("projekte/<slug:slug>/bearbeiten/", views.project_edit, name="project-edit"),
    path("projekte/<slug:slug>/einreichen/", views.project_submit, name="project-submit"),
    path("projekte/<slug:slug>/veroeffentlichen/", views.project_publish, name="project-publish"),
    path("projekte/<slug:slug>/ablehnen/", views.project_reject, name="project-reject"),
    path("projekte/<slug:slug>/archivieren/", views.project_archive, name="project-archive"),
    path("projekte/<slug:slug>/dokumente/neu/", views.document_upload, name="document-upload"),
    path(
        "projekte/<slug:slug>/dokumente/<int:pk>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "projekte/<slug:slug>/dokumente/<int:pk>/loeschen/",
        views.document_delete,
        name="document-delete",
    ),
    path("projekte/<slug:slug>/nachnutzung/", views.adoption_create, name="adoption-create"),
    path(
        "projekte/<slug:slug>/nachnutzung/<int:pk>/",
        views.adoption_update,
        name="adoption-update",
    ),
    path(
        "projekte/<slug:slug>/nachnutzung/<int:pk>/erfahrungsbericht/",
        views.report_edit,
        name="report-edit",
    ),
    path("projekte/<slug:slug>/fragen/", views.question_create, name="question-create"),
    path(
        "projekte/<slug:slug>/fragen/<int:pk>/antworten/",
        views.answer_create,
        name="answer-create",
    ),
    path(
        "projekte/<slug:slug>/fragen/<int:pk>/ausblenden/",
        views.question_hide,
        name="question-hide",
    ),
    path(
        "projekte/<slug:slug>/antworten/<int:pk>/ausblenden/",
        views.answer_hide,
        name="answer-hide",
    ),
]
