"""The acceptance report: HTML to sign, JSON to compare, and merge/diff of runs."""

from __future__ import annotations

from .diff import Change, Diff, diff_records, format_diff_text
from .files import check_writable, report_path, report_paths, write_atomic
from .html import render_document, render_sections
from .inventory import Inventory, build_inventory
from .jsondoc import SCHEMA_VERSION, dump_record, load_record, record_from_json, record_to_json
from .merge import merge_records
from .rollup import OpenPoint, Overall, RequirementVerdict, overall_verdict, requirement_verdicts

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "Diff",
    "Inventory",
    "OpenPoint",
    "Overall",
    "RequirementVerdict",
    "build_inventory",
    "check_writable",
    "diff_records",
    "dump_record",
    "format_diff_text",
    "load_record",
    "merge_records",
    "overall_verdict",
    "record_from_json",
    "record_to_json",
    "render_document",
    "render_sections",
    "report_path",
    "report_paths",
    "requirement_verdicts",
    "write_atomic",
]
