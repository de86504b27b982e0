"""The ASGI app ``python -m dashboard`` serves: Streamlit's ``st.App`` around ``app.py``.

The same dashboard as ``streamlit run dashboard/app.py``, with two changes to how it is served:

- :class:`~dashboard.static_cache.StaticCache` in front, so Streamlit's frontend and the app's
  static files come from memory, compressed (see that module for why);
- responses leave at once on a kept-alive connection (:func:`no_delay_on_listeners`).
  Streamlit binds its listening socket itself, without naming the TCP protocol, and asyncio
  then does not switch off Nagle's algorithm on the connections it accepts: every response
  after the first on a connection (headers and body are two writes) waited about 40 ms for the
  browser's delayed acknowledgement. The first look fetches about 130 files over six
  connections: that was about 0.9 s of waiting on this machine.

``streamlit run dashboard/server.py`` finds ``app`` below and serves it with the usual options
(port, address, ``.streamlit/config.toml``).
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from dashboard.static_cache import StaticCache

_FD_FOLDER = Path("/proc/self/fd")


def no_delay_on_listeners(fds: list[int] | None = None) -> int:
    """Set TCP_NODELAY on this process's listening TCP sockets (Linux passes it on to every
    connection they accept); returns how many. ``fds``: the descriptors to look at (default:
    all of this process's, where ``/proc`` lists them). Anything that is not a listening TCP
    socket is left alone."""
    if fds is None:
        try:
            fds = [int(entry.name) for entry in _FD_FOLDER.iterdir()]
        except OSError:  # no /proc (not Linux): nothing to do
            return 0
    done = 0
    for fd in fds:
        try:
            probe = socket.socket(fileno=os.dup(fd))
        except OSError:  # not a socket, or gone
            continue
        with probe:
            try:
                if probe.family not in (socket.AF_INET, socket.AF_INET6):
                    continue
                if probe.type != socket.SOCK_STREAM:
                    continue
                if not probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                    continue
                probe.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
            except OSError:
                continue
    return done


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """At start-up (the listening socket is bound by then): no Nagle delay on connections."""
    no_delay_on_listeners()
    yield


#: How the dashboard is served; ``bench/`` serves its empty reference page the same way.
MIDDLEWARE = [Middleware(StaticCache)]

app = st.App("app.py", middleware=MIDDLEWARE, lifespan=lifespan)
