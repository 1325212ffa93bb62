"""A property-based run over the API's own schema (schemathesis + hypothesis): whatever values
the schema allows, or breaks on purpose, no request may end in a server error."""

import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from minutes.models import FollowUpLink
from tests import factories

# Examples per operation, generation mode and reader: 10 operations x 2 modes x 2 readers x 12 =
# 480 requests, about 20 s here (the brief allows a minute; a loaded machine doubles it).
EXAMPLES = 12


@pytest.fixture
def wsgi_app(db):
    # Django's test client keeps the test's connection open (its transaction rolls everything back
    # at the end); a plain WSGI handler would close it after each request. Do what the client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(db):
    unit = factories.OrgUnitFactory(name="後勤保障部")
    factories.OrgUnitAliasFactory(unit=factories.OrgUnitFactory(name="飲食服務中心", parent=unit))
    previous = None
    for n, visibility in enumerate(["public", "internal", "public", "public"]):
        person = factories.PersonFactory()
        meeting = factories.MeetingFactory(
            chair=person, organizer=unit, visibility=visibility, year=None if n == 2 else 2023
        )
        factories.AttendanceFactory(meeting=meeting, person=person, unit=unit)
        factories.SpeechFactory(meeting=meeting, person=person)
        factories.DirectiveFactory(meeting=meeting, issuer=person)
        task = factories.TaskFactory(meeting=meeting, owner_unit=unit)
        factories.PostFactory(person=person, unit=unit, source="meeting", source_meeting=meeting)
        if previous:
            FollowUpLink.objects.create(later_task=task, earlier_task=previous)
        previous = task
    factories.MeetingFactory(status="draft")


def _examples(operation, mode, headers, tally):
    """A hypothesis test of one operation in one generation mode, as one reader."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples every run: a failure here is reproducible
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(headers=headers)
        tally[response.status_code] = tally.get(response.status_code, 0) + 1
        case.validate_response(response, checks=[not_a_server_error], headers=headers)

    return run


@pytest.mark.slow
def test_no_request_the_schema_describes_ends_in_a_server_error(wsgi_app, records, viewer):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    token = Token.objects.create(user=viewer).key
    readers = {"anonymous": {}, "token": {"Authorization": f"Token {token}"}}
    statuses: dict[int, int] = {}
    operations = 0
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for headers in readers.values():
                _examples(operation, mode, headers, statuses)()
    elapsed = time.monotonic() - started
    calls = sum(statuses.values())
    print(
        f"\nschemathesis: {operations} operations, {calls} requests in {elapsed:.1f} s, "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert operations == 10  # a list and a detail of meetings, people, units, directives, tasks
    assert not any(status >= 500 for status in statuses)
