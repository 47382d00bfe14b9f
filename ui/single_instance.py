"""One window per data folder: a second start asks the running one to come forward, then exits.

The first instance listens on a local socket named after the user and the data folder
(connectors/instance_link.py; two portable copies with their own folders may run side by
side). A socket left behind by a crash answers nobody: it is removed and taken over.
Command-line commands never come here; they keep working beside the running app.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from connectors.instance_link import RAISE, ask_running_instance, socket_name

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 300
WRITE_TIMEOUT_MS = 300
READ_TIMEOUT_MS = 300


class SingleInstance(QObject):
    """`claim()` once at start; the first instance then emits `raise_requested` on each later start."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = socket_name(data_dir)
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True: we are the first instance and now listen. False: another one runs and was
        asked to come forward; the caller should exit."""
        if self._tell_running_instance():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Nobody answered, so whatever holds the name is a leftover of a crash.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                if self._tell_running_instance():  # lost a race with a simultaneous start
                    return False
                # Rapport still works without it; a second window is the lesser harm.
                log.warning("single-instance socket %s unavailable: %s", self.name, server.errorString())
                return True
        server.newConnection.connect(self._accept)
        self.server = server
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _tell_running_instance(self) -> bool:
        answered = ask_running_instance(self.data_dir)
        if answered is not None:
            return answered
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(WRITE_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(WRITE_TIMEOUT_MS)
        log.info("Rapport already runs for this data folder: asked it to come forward")
        return True

    def _accept(self) -> None:
        server = self.server
        while server is not None and server.hasPendingConnections():
            connection = server.nextPendingConnection()
            if connection is None:
                break
            # The message is a few bytes sent right after connecting: reading it here, with
            # a short wait, keeps no half-read connection around to outlive its server.
            if not connection.bytesAvailable():
                connection.waitForReadyRead(READ_TIMEOUT_MS)
            message = bytes(connection.readAll().data())
            connection.close()
            connection.deleteLater()
            if RAISE.strip() in message:
                log.info("another start of Rapport asked this window to come forward")
                self.raise_requested.emit()
