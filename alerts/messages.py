"""The emails: Spanish, plain text with an HTML twin (escaped), from the templates beside this module.

Alert emails carry ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058), so mail programs
offer a one-click unsubscribe that POSTs to the alert's own link.
"""

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, select_autoescape

from .mail import sender_address

LOCALE = "es_MX"

_env = Environment(loader=PackageLoader("alerts", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["fecha"] = lambda value: format_date(value, format="long", locale=LOCALE) if value else "sin fecha"


def build(sender, recipient, subject, template, unsubscribe_url=None, **context):
    """A finished message: ``(Message-ID, bytes)``, from ``template``.txt and ``template``.html."""
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = recipient
    # A header is one line: a search typed with line breaks must not break the message.
    subject = " ".join(subject.split())
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message_id = make_msgid(domain=sender_address(sender).rsplit("@", 1)[1])
    message["Message-ID"] = message_id
    # Automatic mail: no out-of-office replies to it (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    context.update(subject=subject, unsubscribe_url=unsubscribe_url)
    message.set_content(_env.get_template(f"{template}.txt").render(**context))
    message.add_alternative(_env.get_template(f"{template}.html").render(**context), subtype="html")
    return message_id, message.as_bytes()


def notice(sender, recipient, subject, paragraphs, action=None, closing=None):
    """A short email: paragraphs, one link to follow (``(label, url)``) and a closing line."""
    return build(sender, recipient, subject, "notice", paragraphs=paragraphs, action=action, closing=closing)


def digest(sender, recipient, description, frequency, items, total, search_url, unsubscribe_url, manage_url):
    """An alert's email: what is new in its search, with links to it, to unsubscribe and to manage."""
    count = "1 novedad" if total == 1 else f"{total} novedades"
    subject = f"{count}: {description}"
    if len(subject) > 150:
        subject = subject[:149] + "…"
    return build(sender, recipient, subject, "digest", unsubscribe_url=unsubscribe_url, description=description,
                 frequency=frequency, items=items, total=total, more=total - len(items), search_url=search_url,
                 manage_url=manage_url)
