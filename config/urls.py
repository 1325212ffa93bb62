"""Root URLs: the public pages, search, the staff admin and language switching."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "後勤會議紀要檔案庫"
admin.site.site_title = "會議紀要管理"
admin.site.index_title = "資料錄入與管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("people.urls")),
    path("units/", include("orgunits.urls")),
    path("search/", include("search.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("minutes.urls")),
]
