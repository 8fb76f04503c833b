"""Sending the messages kept in the store, committing after each one.

A message is stored before it is sent and marked sent (its alert moved past what it covered) in the
same commit right after the server accepts it. A crash before that commit leaves it pending, and the
next run sends the very same bytes with the same Message-ID, which mail programs show once.
While one process sends a message it holds a claim on it, so the site and the command never send
the same one together; a claim left by a process that died lapses after :data:`CLAIM_MINUTES`.
"""

from datetime import timedelta

from .mail import MailError, Refused
from .store import utcnow

CLAIM_MINUTES = 15


def deliver(store, send, rows):
    """Send each pending row through ``send``; returns ``(sent, refused)`` counts.

    A refusal is recorded and the message stays pending; a lost connection (MailError) stops the run.
    """
    sent = refused = 0
    for row in rows:
        if not store.claim(row["id"], utcnow() - timedelta(minutes=CLAIM_MINUTES)):
            continue  # Sent or being sent by another process, or its alert was deleted.
        current = store.message(row["id"])
        try:
            send(current["recipient"], current["body"])
        except MailError as exc:
            if not isinstance(exc, Refused):
                store.release(current["id"])
                raise
            store.mark_failed(current["id"], str(exc))
            store.commit()
            refused += 1
            continue
        store.mark_sent(current["id"])
        store.commit()
        sent += 1
    return sent, refused


def deliver_ids(store, mailer, ids):
    """Send the given stored messages now (the site's confirmations); what fails waits for the next run."""
    rows = [row for row in (store.message(i) for i in ids) if row is not None and row["sent"] is None]
    if not rows:
        return 0, 0
    with mailer.session() as send:
        return deliver(store, send, rows)
