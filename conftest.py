"""Wires the acceptance plugin and the fixture modules; nothing else lives here."""

pytest_plugins = ("sesam_accept.plugin", "fixtures.site", "fixtures.results")
