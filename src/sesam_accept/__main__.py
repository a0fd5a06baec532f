"""``python -m sesam_accept`` is ``sesam-accept``."""

import sys

from .cli import main

sys.exit(main())
