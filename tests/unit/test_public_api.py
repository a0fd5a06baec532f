"""The public API is explicit: ``__all__`` is sorted, complete for what it names, and importable."""

from __future__ import annotations

import importlib.metadata

import sesam_accept


def test_all_is_sorted_and_every_name_exists():
    assert sesam_accept.__all__ == sorted(sesam_accept.__all__)
    for name in sesam_accept.__all__:
        assert getattr(sesam_accept, name) is not None, name


def test_version_has_one_source():
    assert importlib.metadata.version("sesam-accept") == sesam_accept.__version__
