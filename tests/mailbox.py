"""A real SMTP server on 127.0.0.1 for the alerts' tests: STARTTLS with its own certificate, and a password.

The server (aiosmtpd) keeps every message it accepts, parsed, so a test reads what a subscriber
would receive. Recipients in ``refuse`` are turned away with a permanent error, as a real server
does for a mailbox that does not exist; a message to one in ``hang_up`` makes the server close
the connection (421), as one shutting down does, cutting the sender's run short.
"""

import email
import ssl
import subprocess
import threading
import time
from contextlib import contextmanager
from email.policy import default
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from servers import free_port

USER, PASSWORD = "hemeroteca", "clave secreta"


class Mailbox:
    """What the server received, as parsed messages, in order."""

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.hang_up = set()
        self._lock = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No existe ese buzón"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if set(envelope.rcpt_tos) & self.hang_up:
            return "421 4.3.0 El servidor se apaga"
        message = email.message_from_bytes(envelope.content, policy=default)
        with self._lock:
            self.messages.append(message)
            self._lock.notify_all()
        return "250 OK"

    def wait_for(self, count, timeout=15):
        """The first ``count`` messages, waiting for them to arrive (the site sends after answering)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} messages, got {len(self.messages)}")
                self._lock.wait(left)
            return list(self.messages[:count])

    def to(self, recipient):
        return [m for m in self.messages if m["To"] == recipient]

    def wait_to(self, recipient, count, timeout=15):
        """The first ``count`` messages to ``recipient``, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.to(recipient)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} messages to {recipient}, got {len(self.to(recipient))}")
                self._lock.wait(left)
            return self.to(recipient)[:count]


def _authenticate(server, session, envelope, mechanism, auth_data):
    # handled=False: the server itself answers a wrong password with 535.
    return AuthResult(success=(auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode()),
                      handled=False)


@contextmanager
def smtp_server(folder):
    """Start the server; yields ``(mailbox, smtp_url)``, the URL as HEMEROTECA_SMTP_URL takes it."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=_authenticate, auth_required=True)
    controller.start()
    try:
        yield mailbox, (f"smtp://{USER}:{quote(PASSWORD)}@127.0.0.1:{port}?starttls=1&cafile={quote(str(cert))}")
    finally:
        controller.stop()


def text_of(message):
    return message.get_body(("plain",)).get_content()


def html_of(message):
    return message.get_body(("html",)).get_content()
