from __future__ import annotations

import os
import random
import socket

# `TEST_PORT_RANGE=18600-18699`: servers the tests start listen only on ports in that range
# (a shared machine where each session owns a range); unset, the system picks free ports.
RANGE_VARIABLE = "TEST_PORT_RANGE"


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    wanted = os.environ.get(RANGE_VARIABLE)
    if wanted:
        low, high = (int(part) for part in wanted.split("-"))
        candidates = list(range(low, high + 1))
        random.shuffle(candidates)
        for port in candidates:
            if _bindable(port):
                return port
        raise RuntimeError(f"no free port in {RANGE_VARIABLE}={wanted}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_ports(count: int) -> list[int]:
    """`count` different free ports (for servers started one after another)."""
    found: list[int] = []
    while len(found) < count:
        port = free_port()
        if port not in found:
            found.append(port)
    return found
