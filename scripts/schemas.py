"""Write the published schema files from the one model of each format; ``--check`` only compares.

    scripts/schemas            rewrite them after changing site_schema.py or results_schema.py
    scripts/schemas --check    exit 1 and name the files that differ (tests/unit/test_schemas.py)

The files are checked in because editors find ``site.schema.json`` beside the site files of a
checkout, the docs link to ``results.schema.json``, and the build copies them into the wheel
without running any of the package's code; nobody edits them by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sesam_accept.report.results_schema import SCHEMA_FILE, results_schema_text, with_field_table
from sesam_accept.shipped import SITE_SCHEMA
from sesam_accept.site_schema import site_schema_text

ROOT = Path(__file__).resolve().parents[1]


def published(root: Path = ROOT) -> dict[Path, str]:
    """Each generated file and the text it must have."""
    page = root / "docs" / "results-schema.md"
    return {
        root / "site_configs" / SITE_SCHEMA: site_schema_text(),
        root / "src" / "sesam_accept" / "report" / SCHEMA_FILE: results_schema_text(),
        page: with_field_table(page.read_text(encoding="utf-8")),
    }


def stale(root: Path = ROOT) -> list[Path]:
    """The generated files whose text is not what the model gives."""
    return [
        path
        for path, text in published(root).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        differ = stale()
        for path in differ:
            print(f"{path.relative_to(ROOT)}: not what the schema model gives; run scripts/schemas")
        return 1 if differ else 0
    for path, text in published().items():
        path.write_text(text, encoding="utf-8", newline="\n")
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
