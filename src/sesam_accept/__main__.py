"""``python -m sesam_accept`` is ``sesam-accept``."""

from .cli import entry

entry()
