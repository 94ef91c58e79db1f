"""One window per data directory: a second launch hands its paths to the running window.

The first launch listens on a local socket (QLocalServer: a Unix socket, a named pipe on
Windows) whose name is a hash of the user and the data directory, so each data directory
— and every test's or self-check's temporary one — has its own window and never reaches the
user's. A later launch connects, sends one JSON line `{"paths": [...]}` and waits for `ok`;
the running window adds the paths and asks to be raised. A name nobody answers on is stale
(a crashed launch) and is taken over; a window that accepts but does not answer within a
second leaves the new launch to open a window of its own, with a note in the log.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QObject, Signal

if TYPE_CHECKING:  # QtNetwork loads only when a window may be listening, or after the paint
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger("confbrowser.ui")

ANSWER_TIMEOUT_MS = 1000
ACK = b"ok\n"
MAX_MESSAGE = 1 << 20  # a megabyte of paths is plenty; more is not a launch of ours


class Handover(enum.Enum):
    """What became of a launch's attempt to reach the window already open."""

    DELIVERED = "delivered"  # the running window took the paths: this launch is done
    NOBODY = "nobody"  # no window listens: this launch opens the window
    SILENT = "silent"  # a window is there but did not answer in time


def server_name(data_dirs: Sequence[Path]) -> str:
    """Return the socket name for the data directory (its cache, data and config folders)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name (a container's uid without a passwd entry)
        user = "?"
    key = "\n".join([user, *(str(Path(d).expanduser().resolve()) for d in data_dirs)])
    return f"confbrowser-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:20]}"


def hand_over(name: str, paths: Sequence[Path], timeout_ms: int = ANSWER_TIMEOUT_MS) -> Handover:
    """Give PATHS to the window listening on NAME; say whether it took them."""
    if _no_socket_file(name):
        return Handover.NOBODY  # the usual first launch: no QtNetwork (~30 ms) before the paint
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        timed_out = socket.error() == QLocalSocket.LocalSocketError.SocketTimeoutError
        return Handover.SILENT if timed_out else Handover.NOBODY
    message = json.dumps({"paths": [str(p) for p in paths]}) + "\n"
    socket.write(message.encode("utf-8"))
    socket.waitForBytesWritten(timeout_ms)
    answer = b""
    while ACK not in answer and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.abort()
    return Handover.DELIVERED if ACK in answer else Handover.SILENT


def _no_socket_file(name: str) -> bool:
    """Tell that nobody listens on NAME because its Unix socket file (where QLocalServer puts
    it: Qt's temp folder) does not exist; never on Windows, where it is a named pipe."""
    return sys.platform != "win32" and not os.path.exists(os.path.join(QDir.tempPath(), name))


class InstanceServer(QObject):
    """Listen for later launches on one data directory; say what paths they bring."""

    paths_received = Signal(list)  # list[Path]; empty: a bare launch, only raise the window

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening, taking over a stale name left by a crashed launch."""
        if self._server.listen(self.name):
            log.info("listening for later launches on %s", self._server.fullServerName())
            return True
        self._server.removeServer(self.name)  # nobody answered on it: a crashed launch's file
        if self._server.listen(self.name):
            log.info("removed a stale instance socket; listening for later launches on %s",
                     self._server.fullServerName())
            return True
        log.warning("cannot listen on %s (%s): later launches open windows of their own",
                    self.name, self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _on_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data and len(data) < MAX_MESSAGE:
            self._buffers[socket] = data  # the rest of the line is still on its way
            return
        self._buffers[socket] = b""
        paths = _parse(data.split(b"\n", 1)[0])
        socket.write(ACK)
        socket.flush()
        socket.disconnectFromServer()
        if paths is None:
            log.warning("ignored a malformed message from another launch")
            return
        log.info("another launch handed over %d path(s): %s", len(paths),
                 ", ".join(map(str, paths)) or "(none; raise the window)")
        self.paths_received.emit(paths)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def _parse(line: bytes) -> list[Path] | None:
    try:
        message = json.loads(line.decode("utf-8"))
    except ValueError:
        return None
    entries = message.get("paths") if isinstance(message, dict) else None
    if not isinstance(entries, list) or not all(isinstance(p, str) for p in entries):
        return None
    return [Path(p) for p in entries]
