"""Posts people hold: a title a report gives someone, and what an appointment or removal does."""

from __future__ import annotations

from minutes.chinese import to_simplified
from minutes.importing.fields import cut
from minutes.importing.history import IMPORT_REASON, stamp
from minutes.importing.results import FileResult
from minutes.importing.rows import PendingRows
from minutes.models import Appointment, Meeting
from minutes.parsing.model import ParsedReport
from minutes.post_units import TitleUnits
from orgunits.models import OrgUnit
from people.models import Person, Post

_POST_FIELDS = [f.attname for f in Post._meta.concrete_fields]
_POST_PERSON, _POST_TITLE, _POST_UNIT, _POST_END = (
    _POST_FIELDS.index(name) for name in ("person_id", "title", "unit_id", "end_date")
)


class Posts:
    """The posts of the people one file names; new ones are queued on ``rows``."""

    def __init__(self, *, rows: PendingRows, result: FileResult):
        self.rows = rows
        self.result = result
        # Each person's posts in pk order: stored ones as plain rows (``_POST_FIELDS``) until one
        # is needed (a person's posts grow with the archive; building them all was a third of the
        # writer's time at a few thousand meetings), then as Post instances, as are new ones.
        self.posts: dict[int, list[Post | tuple]] = {}
        self.changed: dict[int, Post] = {}  # existing posts an appointment or removal changed
        self.title_units: TitleUnits | None = None

    def load(self, people: list[Person], units: dict[str, OrgUnit], reports: list[ParsedReport]) -> None:
        titles = [t for report in reports for p in report.people for t in p.titles]
        self.title_units = TitleUnits(titles, units)
        rows = (
            Post.objects.filter(person_id__in=[p.pk for p in people])
            .order_by("pk")
            .values_list(*_POST_FIELDS)
        )
        for row in rows:
            self.posts.setdefault(row[_POST_PERSON], []).append(row)

    def save_changed(self, *, user, date) -> None:
        # Saved after the inserts: the post may now name a meeting of this file.
        for post in self.changed.values():
            stamp(post, reason=IMPORT_REASON, user=user, date=date).save()
        self.changed = {}

    def find(self, person: Person, title: str, unit: OrgUnit | None = None, *, open_only=False):
        key = to_simplified(title)
        posts = self.posts.get(person.pk, [])
        for i, post in enumerate(posts):
            if isinstance(post, tuple):
                post_title, unit_id, end_date = post[_POST_TITLE], post[_POST_UNIT], post[_POST_END]
            else:
                post_title, unit_id, end_date = post.title, post.unit_id, post.end_date
            if to_simplified(post_title) != key:
                continue
            if unit is not None and unit_id not in (None, unit.pk):
                continue
            if open_only and end_date is not None:
                continue
            if isinstance(post, tuple):
                post = posts[i] = Post.from_db(Post.objects.db, _POST_FIELDS, post)
            return post
        return None

    def _save(self, post: Post, created: bool) -> Post:
        if created:
            self.rows.add(Post, [post])
            self.posts.setdefault(post.person_id, []).append(post)
            self.result.posts_created += 1
        elif post.pk is not None:  # (a post of this file still queued goes in as it is then)
            self.changed[post.pk] = post
        return post

    def for_appointment(self, meeting: Meeting, appointment: Appointment, where: str) -> Post | None:
        person, unit, date = appointment.person, appointment.unit, meeting.full_date()
        # Only a known post title makes a post: "任命X為物業處" names no post (the appointment keeps
        # the unit, its post_held stays empty).
        title = cut(Post, "title", appointment.post)
        if not title:
            return None
        if appointment.is_removal:
            post = self.find(person, title, unit, open_only=True)
            if date is None:
                self.result.warnings.append(
                    f"{where}: removal of {person.name} from {title}: meeting date unknown, post left open"
                )
                return post
            if post is None:
                post = Post(
                    person=person,
                    title=title,
                    unit=unit,
                    source=Post.Source.APPOINTMENT,
                    source_meeting=meeting,
                    end_date=date,
                )
                return self._save(post, created=True)
            if post.start_date and post.start_date > date:
                self.result.warnings.append(
                    f"{where}: removal of {person.name} from {title} on {date} is before the "
                    f"post's start ({post.start_date}); post left open"
                )
                return post
            post.end_date = date
            return self._save(post, created=False)
        post = self.find(person, title, unit, open_only=True)
        if post is None:
            post = Post(
                person=person,
                title=title,
                unit=unit,
                source=Post.Source.APPOINTMENT,
                source_meeting=meeting,
                start_date=date,
            )
            return self._save(post, created=True)
        if post.source != Post.Source.APPOINTMENT or post.unit_id is None and unit is not None:
            post.source = Post.Source.APPOINTMENT
            post.source_meeting = meeting
            post.unit = post.unit or unit
            if date and (post.start_date is None or post.start_date > date):
                post.start_date = date
                if post.end_date and post.end_date < date:
                    post.end_date = None
            self._save(post, created=False)
        return post

    def mentioned(self, meeting: Meeting, report: ParsedReport, resolver) -> None:
        """Titles the report gives people become posts held at the meeting's date."""
        new: list[Post] = []
        named_units = [resolver.unit(n) for n in (report.meeting.organizer, *report.org_units)]
        for parsed in report.people:
            person = resolver.person(parsed.name)
            if person is None:
                continue
            for title in parsed.titles:
                title = cut(Post, "title", title)
                if not title or self.find(person, title) is not None:
                    continue
                post = Post(
                    person=person,
                    title=title,
                    unit=self.title_units.unit_of(title, named_units),
                    source=Post.Source.MENTION,
                    source_meeting=meeting,
                    start_date=meeting.full_date(),
                )
                new.append(post)
                self.posts.setdefault(person.pk, []).append(post)
        self.rows.add(Post, new)
        self.result.posts_created += len(new)
