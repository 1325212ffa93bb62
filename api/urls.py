"""/api/v1/: the read-only JSON API, its OpenAPI schema and its documentation page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
# JSON only: no ``.json`` twins of every route (the matrix and the schema stay one route each).
router.include_format_suffixes = False
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("people", views.PersonViewSet, basename="person")
router.register("units", views.UnitViewSet, basename="unit")
router.register("directives", views.DirectiveViewSet, basename="directive")
router.register("tasks", views.TaskViewSet, basename="task")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script from a URL, not inline: the CSP allows only 'self'.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
