"""Sending email through SMTP, configured by one URL (``HEMEROTECA_SMTP_URL``).

``smtp://usuario:clave@servidor:587`` speaks STARTTLS (``?starttls=0`` turns it off for a relay on the
same machine) and authenticates when a user is given; ``smtps://…:465`` uses TLS from the start.
``?cafile=/ruta/ca.pem`` trusts a private certificate authority and ``?timeout=30`` sets the seconds
to wait. A password is never sent over a connection without TLS.
"""

import smtplib
import ssl
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_TIMEOUT = 30
TRUE = ("1", "true", "yes", "si", "sí", "on")


class MailError(Exception):
    """Mail cannot be sent (settings, connection, refusal); the message is in Spanish."""


class Refused(MailError):
    """The server refused this one message (its recipient, its size); others may still go."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    tls: str  # "starttls", "tls" or "none"
    cafile: str | None
    timeout: float


def parse_smtp_url(url):
    """The settings in an SMTP URL; raises MailError with what is wrong."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailError("La dirección del servidor de correo (HEMEROTECA_SMTP_URL) debe tener la forma "
                        "smtp://usuario:clave@servidor:587 o smtps://usuario:clave@servidor:465.")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme == "smtps":
        tls = "tls"
    else:
        tls = "starttls" if query.get("starttls", "1").lower() in TRUE else "none"
    user = unquote(parts.username) if parts.username else None
    if user and tls == "none":
        raise MailError("HEMEROTECA_SMTP_URL da usuario y clave sin cifrado: quite «starttls=0» o use smtps://; "
                        "la clave no se envía sin TLS.")
    try:
        port = parts.port or (465 if tls == "tls" else 587 if tls == "starttls" else 25)
        timeout = float(query.get("timeout", DEFAULT_TIMEOUT))
    except ValueError:
        raise MailError("El puerto o el «timeout» de HEMEROTECA_SMTP_URL no es un número.")
    return SmtpSettings(parts.hostname, port, user, unquote(parts.password or "") if user else None, tls,
                        query.get("cafile"), timeout)


def default_sender(base_url):
    """«Hemeroteca <avisos@host>» for the site at ``base_url``, when no sender is configured."""
    return f"Hemeroteca <avisos@{urlsplit(base_url).hostname}>"


def sender_address(sender):
    """The bare address of a From such as «Hemeroteca <avisos@ejemplo.mx>», for the SMTP envelope."""
    address = parseaddr(sender or "")[1]
    if "@" not in address:
        raise MailError(f"La dirección del remitente (HEMEROTECA_MAIL_FROM) «{sender}» no es válida.")
    return address


class Mailer:
    """Sends finished messages (bytes) through the configured server."""

    def __init__(self, smtp_url, sender):
        self.settings = parse_smtp_url(smtp_url)
        self.sender = sender
        self.envelope_from = sender_address(sender)

    def _context(self):
        return ssl.create_default_context(cafile=self.settings.cafile)

    def _connect(self):
        s = self.settings
        try:
            if s.tls == "tls":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.tls == "starttls":
                    smtp.starttls(context=self._context())
            if s.user:
                smtp.login(s.user, s.password)
            return smtp
        except smtplib.SMTPAuthenticationError:
            raise MailError(f"El servidor de correo {s.host}:{s.port} rechazó el usuario o la clave.")
        except smtplib.SMTPNotSupportedError:
            raise MailError(f"El servidor de correo {s.host}:{s.port} no ofrece STARTTLS; use smtps:// o, "
                            "solo en la misma máquina, starttls=0.")
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"No se pudo conectar con el servidor de correo {s.host}:{s.port}: {exc}")

    @contextmanager
    def session(self):
        """One connection for several messages; yields ``send(recipient, body)``."""
        smtp = self._connect()

        def send(recipient, body):
            try:
                smtp.sendmail(self.envelope_from, [recipient], body)
            except smtplib.SMTPRecipientsRefused as exc:
                raise Refused(f"El servidor rechazó la dirección {recipient}: {exc.recipients}")
            except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                raise Refused(f"El servidor rechazó el mensaje para {recipient}: {exc.smtp_code} {exc.smtp_error!r}")
            except (OSError, smtplib.SMTPException) as exc:
                raise MailError(f"Se perdió la conexión con el servidor de correo: {exc}")

        try:
            yield send
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
