"""Root URLs: the public pages, search, the staff admin and language switching."""

from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control

admin.site.site_header = "後勤會議紀要檔案庫"
admin.site.site_title = "會議紀要管理"
admin.site.index_title = "資料錄入與管理"


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Pages name the icon in base.html; the admin, feeds and browsers that ask by habit request
    /favicon.ico, which was a 404 in the console on every first visit."""
    return redirect(static("favicon.svg"), permanent=False)


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("people.urls")),
    path("units/", include("orgunits.urls")),
    path("search/", include("search.urls")),
    path("", include("minutes.urls")),
]
