"""The site's ISENets as simulated devices, with the ISENet faults applied.

Builds on ``isenet_device`` (the simulated Lantronix board: ``SimulatedDevice`` and the
``ISENetResponder`` that answers F6/F4 on 41797/udp and accepts 41796/tcp).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..site import ISENet, Site
from .faults import FaultSet

#: The serial and MAC the ``isenet-serial`` / ``isenet-mac`` faults answer with.
WRONG_SERIAL = "9999"
WRONG_MAC = "00:20:4A:FF:FF:FE"
#: The serial and MAC of the second device under ``isenet-duplicate``.
DUPLICATE_SERIAL = "8888"
DUPLICATE_MAC = "00:20:4A:DD:DD:DD"


def isenet_service(site: Site, isenets: Sequence[ISENet], faults: FaultSet) -> Any:
    """A (not yet started) responder playing ``isenets`` as ``faults`` say."""
    raise NotImplementedError("waiting for isenet_device")
