"""When a release's content last changed and when it first entered the index, written with it.

The email alerts send what changed after their last message, so rewriting an unchanged release
(seen again, relabelled, indexed again) keeps its stamps. The store's writer hands over the stored
release a write overwrites (:meth:`search.store.writer.Writer.replace`).
"""

from datetime import datetime, timezone

from search.release import to_document

# The stamp of releases indexed before stamps existed: known, never new.
EPOCH = datetime(1970, 1, 1)


def write_release(writer, release, ahead=None):
    """Write ``release`` through ``writer`` over any with its id, stamped with ``indexed_at`` and ``first_indexed``.

    :param ahead: the analysis of its text fields made beforehand, or None (see :meth:`Writer.add`).
    """
    writer.replace(to_document(release), over=lambda previous: stamps(release, previous), ahead=ahead)


def write_new_release(writer, release, ahead=None):
    """Write ``release``, known to be in no version in the index yet, stamped as new."""
    writer.add({**to_document(release), **stamps(release, None)}, ahead)


def stamps(release, previous):
    """The stamps of ``release`` written over ``previous`` (its stored fields, or None if it is new)."""
    # UTC without a zone: Whoosh's DATETIME fields take naive datetimes. Written one at a
    # time under the index lock, stamps grow with each commit (see alerts.digest).
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    if previous is None:
        return {"indexed_at": now, "first_indexed": now}
    first = previous.get("first_indexed") or EPOCH
    same = ((previous.get("title", ""), previous.get("body", ""), bool(previous.get("withdrawn")))
            == (release.title, release.body, bool(release.withdrawn)))
    return {"indexed_at": (previous.get("indexed_at") or EPOCH) if same else now, "first_indexed": first}
