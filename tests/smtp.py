"""A small real SMTP server on loopback for tests: it keeps what it accepts and refuses the
recipients a test names (permanently, or for their first tries only), like a bouncing
mailbox. Threads, plain sockets, the SMTP subset smtplib speaks without extensions."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        server = self.server
        self._reply("220 carrefour-test ESMTP")
        sender, recipients = None, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 carrefour-test")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                self._reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip(" <>").lower()
                with server.lock:
                    server.tries[address] = server.tries.get(address, 0) + 1
                    refused = address in server.refuse or (
                        server.tries[address] <= server.refuse_first.get(address, 0)
                    )
                if refused:
                    self._reply("550 5.2.2 Mailbox unavailable")
                else:
                    recipients.append(address)
                    self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if line in (b".\r\n", b".\n", b""):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = message_from_bytes(b"".join(lines), policy=policy.default)
                with server.lock:
                    server.messages.append((sender, list(recipients), message))
                self._reply("250 OK queued")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:  # RSET, NOOP
                self._reply("250 OK")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, refuse=(), refuse_first=None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.refuse = {a.lower() for a in refuse}
        self.refuse_first = {a.lower(): n for a, n in (refuse_first or {}).items()}
        self.tries: dict[str, int] = {}
        self.messages: list = []

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.server_address[1]}"

    def start(self) -> SMTPServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def delivered_to(self) -> list[str]:
        with self.lock:
            return [r for _s, recipients, _m in self.messages for r in recipients]
