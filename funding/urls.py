from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("foerderung/", views.index, name="grant-list"),
]
