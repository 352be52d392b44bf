from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from members import opendata, views

app_name = "members"

urlpatterns = [
    path(
        "opendata/kommunen.<str:extension>",
        opendata.municipalities_download,
        name="opendata-municipalities",
    ),
    path("kommunen/", views.municipality_list_view, name="municipality-list"),
    path("kommunen/<slug:slug>/", views.municipality_detail, name="municipality-detail"),
    path("konto/anmelden/", views.LoginView.as_view(), name="login"),
    path("konto/abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", views.account, name="account"),
    path("konto/sitzungen-beenden/", views.end_other_sessions, name="end-other-sessions"),
    path("konto/meine-daten/", views.personal_data_download, name="personal-data"),
    path("konto/passwort/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "konto/passwort-vergessen/",
        views.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "konto/passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(template_name="members/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "konto/passwort-setzen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "konto/passwort-setzen/fertig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="members/password_reset_complete.html",
            extra_context={"login_url": reverse_lazy("members:login")},
        ),
        name="password-reset-complete",
    ),
]
