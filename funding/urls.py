from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("foerderung/", views.grant_list, name="grant-list"),
    path("foerderung/bescheide/<int:pk>/", views.grant_detail, name="grant-detail"),
    path(
        "foerderung/nachweise/<int:pk>/einreichen/",
        views.obligation_submit,
        name="obligation-submit",
    ),
    path(
        "foerderung/nachweise/<int:pk>/dokument/",
        views.obligation_document,
        name="obligation-document",
    ),
]
