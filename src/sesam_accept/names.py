"""What a name in the site file may be, given where it goes (the file-name rules of Windows).

- A **host name** names folders (a collected CommParam.ini copy sits in ``collected/<HOST>/``)
  and is part of every report's file name: it must be a valid Windows file name as it is
  written, so none of ``<>:"/\\|?*``, no control character, no device name (``CON``, ``NUL``,
  ``COM1``, … also before a dot: ``NUL.txt``), no trailing dot or space, at most 63 characters
  (a DNS label; Windows computer names are shorter).
- The **site name** is a title (reports, their file names): any text of at most 100 characters
  with no control character; :func:`sesam_accept.report.files.safe_part` makes its file-name
  part (reserved characters become ``-``, cut to 60 characters, device names prefixed).
- An **ISENet name** is a label in check IDs and reports, never a file name: at most 63
  characters with no control character.
"""

from __future__ import annotations

import re

#: Characters Windows refuses in a file name.
RESERVED_CHARACTERS = '<>:"/\\|?*'
#: Control characters (Windows refuses them in file names; they break one-line messages).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
#: Windows device names: a file name whose part before the first dot is one of them is a device.
WINDOWS_DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)

MAX_SITE_NAME = 100
MAX_NAME = 63


def is_device_name(name: str) -> bool:
    """True if Windows takes a file called ``name`` for a device (``CON``, ``nul.txt``)."""
    return bool(WINDOWS_DEVICE_NAMES.match(name.split(".")[0].rstrip(" ")))


def label_problem(name: str, limit: int) -> str | None:
    """What is wrong with ``name`` as a label (site or ISENet name), or None."""
    if not name:
        return "is empty: a name is needed"
    if len(name) > limit:
        return f"is {len(name)} characters long; at most {limit}"
    if CONTROL_CHARACTERS.search(name):
        return "contains a control character (a line break, a tab, ...)"
    return None


def host_name_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a host name (a Windows file name), or None."""
    problem = label_problem(name, MAX_NAME)
    if problem:
        return problem
    reserved = sorted({c for c in name if c in RESERVED_CHARACTERS})
    if reserved:
        shown = " ".join(reserved)
        return f"contains {shown}: a host name is a folder name (none of {RESERVED_CHARACTERS})"
    if is_device_name(name):
        return "is a Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9): not a file name"
    if name.endswith((".", " ")):
        return "ends with a dot or a space, which Windows drops from file names"
    return None
