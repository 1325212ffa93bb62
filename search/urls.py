"""Search URLs: the results page and the person autocomplete."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.results, name="results"),
    path("people.json", views.people_autocomplete, name="people_autocomplete"),
]
