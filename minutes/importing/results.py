"""What an import did, per file and per run: the command's summary and the admin's messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from minutes.models import Meeting
from minutes.parsing.model import ParsedFile


@dataclass
class FileResult:
    """What importing one file did (or, with an error, why it did nothing)."""

    path: str
    encoding: str = ""
    error: str | None = None
    reports: int = 0
    created: list[int] = field(default_factory=list)  # meeting ids
    unchanged: list[int] = field(default_factory=list)  # source report ids
    revised: list[int] = field(default_factory=list)  # meeting ids
    people_created: int = 0
    units_created: int = 0
    aliases_created: int = 0
    posts_created: int = 0
    needs_review: int = 0  # meetings created or revised that carry review flags
    warnings: list[str] = field(default_factory=list)
    not_overwritten: list[str] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)  # created or revised, in report order
    parsed: ParsedFile | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class ImportSummary:
    """Totals over every file of one run, for the command's summary and the tests."""

    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    analyzed: list[str] = field(default_factory=list)  # tables ANALYZE ran on at the end

    def _total(self, attr: str) -> int:
        return sum(len(v) if isinstance(v := getattr(f, attr), list) else v for f in self.files if f.ok)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]

    @property
    def parsed_files(self) -> list[ParsedFile]:
        return [f.parsed for f in self.files if f.parsed is not None]

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    @property
    def not_overwritten(self) -> list[str]:
        return [n for f in self.files for n in f.not_overwritten]

    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "files_failed": len(self.failed),
            "reports": self._total("reports"),
            "meetings_created": self._total("created"),
            "meetings_unchanged": self._total("unchanged"),
            "meetings_revised": self._total("revised"),
            "people_created": self._total("people_created"),
            "units_created": self._total("units_created"),
            "aliases_created": self._total("aliases_created"),
            "posts_created": self._total("posts_created"),
            "warnings": len(self.warnings),
            "needs_review": self._total("needs_review"),
        }

    def lines(self) -> list[str]:
        """The human summary: the totals, then what a revision kept."""
        c = self.counts()
        head = "Dry run (nothing written): " if self.dry_run else ""
        out = [
            f"{head}{c['files']} file(s), {c['reports']} report(s): "
            f"{c['meetings_created']} meeting(s) created, {c['meetings_unchanged']} unchanged, "
            f"{c['meetings_revised']} revised; {c['people_created']} people created, "
            f"{c['units_created']} unit(s) created, {c['warnings']} warning(s), "
            f"{c['files_failed']} file(s) failed."
        ]
        if self.analyzed:
            out.append(f"Database statistics updated (ANALYZE) for {len(self.analyzed)} table(s).")
        if self.not_overwritten:
            out.append("Not overwritten (edited by staff):")
            out.extend(f"  {n}" for n in self.not_overwritten)
        return out

    def problem_lines(self) -> list[str]:
        """Warnings and failed files, each naming the file and, when known, the line."""
        out = []
        if self.warnings:
            out.append("Warnings:")
            out.extend(f"  {w}" for w in self.warnings)
        if self.failed:
            out.append("Failed:")
            out.extend(f"  {f.error}" for f in self.failed)
        return out
