"""imaplib over a unix domain socket: how the scripts reach the local Cyrus as admin or as a user."""
import imaplib
import socket


class UnixIMAP(imaplib.IMAP4):
    def __init__(self, path, timeout=60):
        self._path = path
        self._timeout = timeout
        super().__init__(host="localhost")

    def _create_socket(self, timeout):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout if timeout is not None else self._timeout)
        s.connect(self._path)
        return s
