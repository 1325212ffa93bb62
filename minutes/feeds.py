"""The Atom feed of newly added meetings (Django's syndication framework)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Meeting

FEED_LENGTH = 50


class NewMeetingsFeed(Feed):
    """The newest meetings the reader may see, newest published (or created) first."""

    feed_type = Atom1Feed
    title = gettext_lazy("後勤會議紀要：新增會議")
    subtitle = gettext_lazy("後勤會議紀要檔案庫新近發佈的會議")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Signed-in staff also see internal meetings: keep shared caches out of it.
        response["Cache-Control"] = "private, no-cache"
        return response

    def get_object(self, request, *args, **kwargs):
        # The user decides what is visible; the syndication view passes the object on to items().
        return request.user

    def author_name(self):
        # Atom requires an author for the feed (or every entry); the archive itself speaks.
        return settings.MINUTES_FEED_AUTHOR or _("後勤會議紀要檔案庫")

    def link(self):
        return reverse("minutes:meeting_list")

    def feed_url(self):
        return reverse("minutes:meeting_atom")

    def items(self, user):
        return (
            Meeting.objects.visible_to(user)
            .select_related("chair", "organizer")
            .order_by(Coalesce("published_at", "created_at").desc(), F("pk").desc())[:FEED_LENGTH]
        )

    def item_title(self, item: Meeting):
        return f"{item.display_date} {item.name}".strip() if item.display_date else item.name

    def item_description(self, item: Meeting):
        parts = [item.get_kind_display()]
        if item.display_date:
            parts.append(_("日期：%(date)s") % {"date": item.display_date})
        if item.venue:
            parts.append(_("地點：%(venue)s") % {"venue": item.venue})
        chair = item.chair.name if item.chair else item.chair_label
        if chair:
            parts.append(_("主持人：%(name)s") % {"name": chair})
        if item.summary:
            parts.append(item.summary)
        return "；".join(parts)

    def item_pubdate(self, item: Meeting):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Meeting):
        return item.updated_at

    def item_guid(self, item: Meeting):
        return f"tag:minutes-archive,2024:meeting-{item.pk}"

    def item_guid_is_permalink(self, item: Meeting):
        return False

    def item_categories(self, item: Meeting):
        return [item.get_kind_display()]
