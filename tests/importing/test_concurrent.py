"""Two imports at once: a conflicting file is retried once, then skipped with a message, and the
others go on; on PostgreSQL an advisory lock keeps two imports from creating the same person."""

import contextlib
import threading

import pytest
from django.db import IntegrityError, connection, connections

from minutes.importing import import_files, import_parsed_file
from minutes.importing.resolver import Resolver
from minutes.importing.writer import FileWriter
from minutes.models import Meeting
from minutes.parsing import parse_text
from people.models import Person

# No unit in it: a unit's unique name would make the second import fail and retry, which hides the
# race on people.
REPORT = "工作会议纪要\n2023年5月{day}日上午，在科学馆207召开工作会议。会议由欧阳明华主持。欧阳明华作总结讲话，要求认真抓好落实。\n"


def parsed(day: int, name: str = "r.txt"):
    return parse_text(REPORT.format(day=day), name)


def failing_writes(monkeypatch, times: int | None, only: str | None = None):
    """Make FileWriter.write raise IntegrityError ``times`` times (None: always), as when another
    import inserted the same report between this one's check and its insert."""
    real = FileWriter.write
    calls = []

    def write(self):
        calls.append(self.file.file)
        mine = [c for c in calls if only is None or c == only]
        if (only is None or self.file.file == only) and (times is None or len(mine) <= times):
            real(self)  # the rows are really written, then undone with the savepoint
            raise IntegrityError(
                'duplicate key value violates unique constraint "sourcereport_hash_position_unique"'
            )
        return real(self)

    monkeypatch.setattr(FileWriter, "write", write)
    return calls


@pytest.mark.django_db
def test_a_conflict_is_retried_once_in_a_new_transaction(monkeypatch):
    calls = failing_writes(monkeypatch, times=1)
    result = import_parsed_file(parsed(3))
    assert result.ok, result.error
    assert len(calls) == 2
    assert len(result.created) == 1
    assert Meeting.objects.count() == 1 and Person.objects.filter(name="欧阳明华").count() == 1


@pytest.mark.django_db
def test_a_second_conflict_skips_that_file_with_a_message_and_the_next_file_goes_on(monkeypatch, tmp_path):
    (tmp_path / "a.txt").write_text(REPORT.format(day=3), encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT.format(day=4), encoding="utf-8")
    failing_writes(monkeypatch, times=None, only="a.txt")
    summary = import_files([tmp_path])
    [failed] = summary.failed
    assert failed.path == "a.txt"
    assert "conflicted twice with rows written at the same time by another import" in failed.error
    assert "import this file again" in failed.error
    assert summary.counts()["meetings_created"] == 1
    assert Meeting.objects.get().source_report.file_name == "b.txt"


def run_together(monkeypatch, files):
    """Import each parsed file in its own thread, both held just before they look people up."""
    barrier = threading.Barrier(len(files), timeout=3)
    real = Resolver.load_people

    def load_people(self, names):
        # With the lock the second import waits for the first to commit: the barrier times out.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real(self, names)

    monkeypatch.setattr(Resolver, "load_people", load_people)
    results, errors = [], []

    def run(parsed_file):
        try:
            results.append(import_parsed_file(parsed_file))
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert len(results) == len(files) and all(r.ok for r in results), [r.error for r in results]
    return results


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's"
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_create_one_person(monkeypatch):
    # Without the lock both find nobody by that name and create the person.
    run_together(monkeypatch, [parsed(3, "r3.txt"), parsed(4, "r4.txt")])
    assert Meeting.objects.count() == 2
    assert Person.objects.filter(name="欧阳明华").count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_file_twice_at_once_the_second_retries_and_finds_it_unchanged(monkeypatch):
    results = run_together(monkeypatch, [parsed(3), parsed(3)])
    assert sorted(len(r.created) for r in results) == [0, 1]
    assert sorted(len(r.unchanged) for r in results) == [0, 1]
    assert Meeting.objects.count() == 1 and Person.objects.count() == 1
