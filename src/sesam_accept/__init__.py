"""Sesam network acceptance suite: the library behind ``sesam-accept`` and the pytest plugin."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
