from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("opendata/", views.index, name="index"),
    path("opendata/catalog.<str:extension>", views.catalog, name="catalog"),
    path("opendata/projekte.<str:extension>", views.projects, name="projects"),
    path("opendata/kommunen.<str:extension>", views.municipalities, name="municipalities"),
    path("opendata/termine.<str:extension>", views.events, name="events"),
    path("opendata/publiccode.zip", views.publiccode_bundle, name="publiccode"),
]
