"""The site's ISENets as simulated devices, with the ISENet faults applied.

Builds on ``isenet_device`` (the simulated Lantronix board: :class:`SimulatedDevice` and the
:class:`ISENetResponder` that answers F6/F4 on 41797/udp and accepts one 41796/tcp connection).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..site import ISENet, Site
from .faults import FaultSet
from .isenet_device import ISENetResponder, SimulatedDevice

#: The serial and MAC the ``isenet-serial`` / ``isenet-mac`` faults answer with.
WRONG_SERIAL = 9999
WRONG_MAC = "00:20:4A:FF:FF:FE"
#: The serial and MAC of the second device under ``isenet-duplicate``.
DUPLICATE_SERIAL = 8888
DUPLICATE_MAC = "00:20:4A:DD:DD:DD"


def device_for(isenet: ISENet, site: Site, faults: FaultSet) -> SimulatedDevice:
    """The simulated board of ``isenet`` as the site describes it, changed by ``faults``."""
    name = isenet.name
    missing = faults.has("isenet-missing", name)
    return SimulatedDevice(
        name=name,
        address=isenet.address,
        mac=WRONG_MAC if faults.has("isenet-mac", name) else isenet.mac or "00:20:4A:00:00:01",
        serial=WRONG_SERIAL if faults.has("isenet-serial", name) else _serial(isenet.serial),
        firmware=isenet.firmware or "6.5.0.7",
        command_port=site.ports.isenet_command,
        data_port=site.ports.isenet_data,
        answer=not missing,
        data_port_open=not (missing or faults.has("isenet-data-closed", name)),
    )


def duplicate_of(device: SimulatedDevice) -> SimulatedDevice:
    """A second board answering on ``device``'s address (an IP conflict on site)."""
    return SimulatedDevice(
        name=f"{device.name}-duplicate",
        address=device.address,
        mac=DUPLICATE_MAC,
        serial=DUPLICATE_SERIAL,
        firmware=device.firmware,
        command_port=device.command_port,
        data_port=device.data_port,
        data_port_open=device.data_port_open,
    )


def isenet_devices(
    site: Site, isenets: Sequence[ISENet], faults: FaultSet
) -> list[SimulatedDevice]:
    """Every simulated board for ``isenets`` (two on one address under ``isenet-duplicate``)."""
    devices = []
    for isenet in isenets:
        device = device_for(isenet, site, faults)
        devices.append(device)
        if faults.has("isenet-duplicate", isenet.name):
            devices.append(duplicate_of(device))
    return devices


def isenet_service(site: Site, isenets: Sequence[ISENet], faults: FaultSet) -> ISENetResponder:
    """A (not yet started) responder playing ``isenets`` as ``faults`` say.

    A missing ISENet keeps its 41797/udp bound but never answers (silence, as from an absent
    device; an unbound port would draw ICMP port unreachable, which proves a host is there) and
    does not listen on 41796/tcp. On loopback the address itself still answers pings: only the
    lab (network namespaces) can take a device off the network entirely.
    """
    return ISENetResponder(isenet_devices(site, isenets, faults))


def _serial(text: str | None) -> int:
    """The site's serial as the F7's 16-bit number (1 when absent or not a number)."""
    if text and text.isdigit() and int(text) <= 0xFFFF:
        return int(text)
    return 1
