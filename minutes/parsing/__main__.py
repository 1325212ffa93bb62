"""``python -m minutes.parsing PATH [PATH…]``: print the extraction JSON on standard output."""

from __future__ import annotations

import json
import sys

from . import ReportInputError, extraction_document, iter_report_files, parse_path


def main(argv: list[str] | None = None) -> int:
    """Parse every file given (folders are walked); messages for people go to standard error."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m minutes.parsing PATH [PATH ...]", file=sys.stderr)
        return 2
    files, failed = [], 0
    for path in iter_report_files(args):
        try:
            pf = parse_path(path)
        except ReportInputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        for w in pf.warnings:
            print(f"warning: {w}", file=sys.stderr)
        files.append(pf)
    json.dump(extraction_document(files), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
