from django.urls import path

from core.opendata import views

app_name = "opendata"

# The downloads are each app's (<app>/urls.py, under /opendata/ too).
urlpatterns = [
    path("opendata/", views.index, name="index"),
    path("opendata/catalog.<str:extension>", views.catalog, name="catalog"),
]
