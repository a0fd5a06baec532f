"""Network probes: each asks the network one question and returns a ``ProbeResult``.

Modules (import them directly; nothing is re-exported here):

- ``sockets``  — shared low-level helpers: the Linux ICMP error queue, errno classification.
- ``tcp``      — ``tcp_connect``: connect and close, nothing sent.
- ``udp``      — ``udp_probe``: a connected UDP socket; reply / ICMP error / honest silence.
- ``firebird`` — ``firebird_probe``: a credential-free op_connect that tells Firebird apart.
- ``rpc``      — ``epm_probe``: a DCE/RPC bind to the Microsoft RPC endpoint mapper.
- ``tftp``     — ``tftp_probe``: a read request for a file that does not exist.
- ``icmp``     — ``ping``: ICMP echo (icmplib, then the system ``ping`` command).

Other modules in this package belong to other areas (ISENet, local host, CommParam.ini).
"""
