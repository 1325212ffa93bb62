"""Public unit pages."""

from django.urls import path

from . import views

app_name = "orgunits"

urlpatterns: list = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
]
