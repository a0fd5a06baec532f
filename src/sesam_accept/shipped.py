"""The site files the wheel carries beside the code, named once.

``resources`` imports this; ``setup.py`` runs this file at build time, before the package and
its dependencies are installed, so it imports nothing.
"""

#: The JSON Schema of the site file (made from ``site_schema.SITE`` by scripts/schemas).
SITE_SCHEMA = "site.schema.json"
#: Copied into sesam_accept/site_configs/ of the wheel; ``resources.site_config`` finds them.
SITE_CONFIGS = ("example.yaml", "demo.yaml", SITE_SCHEMA)
