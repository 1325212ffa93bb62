"""Public meeting pages. Exports and feeds live in urls_feeds.py (their own module)."""

from django.urls import include, path

from . import board_views, stats_views, views

app_name = "minutes"

urlpatterns: list = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    # Year and month pages live under /archive/: /meetings/<year>/ would collide with /meetings/<pk>/.
    path("archive/", views.meeting_archive, name="meeting_archive"),
    path("archive/unknown-year/", views.meeting_unknown_year, name="meeting_unknown_year"),
    path("archive/<int:year>/", views.meeting_year, name="meeting_year"),
    path("archive/<int:year>/<int:month>/", views.meeting_month, name="meeting_month"),
    path("follow-up/", board_views.follow_up_board, name="follow_up"),
    path(
        "follow-up/directives/<int:pk>/",
        board_views.follow_up_item,
        {"kind": "directive"},
        name="follow_up_directive",
    ),
    path("follow-up/tasks/<int:pk>/", board_views.follow_up_item, {"kind": "task"}, name="follow_up_task"),
    path("follow-up/export.csv", board_views.follow_up_csv, name="follow_up_csv"),
    path("follow-up.ics", board_views.follow_up_ics, name="follow_up_ics"),
    path("stats/", stats_views.stats_page, name="stats"),
    path("stats/<slug:key>.csv", stats_views.stats_csv, name="stats_csv"),
    path("preferences/script/", views.set_script, name="set_script"),
    path("", include("minutes.urls_feeds")),
]
