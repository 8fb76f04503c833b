"""Segments written in worker processes, without the index's lock, and committed by the writer that holds it.

A worker analyses and writes whole segments (the costly part of indexing) into a folder of its own
under the index, ``.parts/``, so the writer's commit, which deletes every file of the index it does
not list, never sees them half written. At a commit the writer moves a finished part's files into
the index and lists its segment in the new generation beside its own (:meth:`Writer.commit
<search.store.writer.Writer.commit>`), with the documents the batch wrote again marked deleted.

The mechanics are those of Whoosh's ``multiproc.MpWriter`` with ``multisegment=True``: sub-writers
opened with ``_lk=False`` and their segments handed back to the parent.
"""

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage

from . import segmentwriter
from .schema import LATER_FIELDS, press_release_schema, statements_dir

# The folder, inside an index's folder, where workers write the segments of the batch in progress.
PARTS_FOLDER = ".parts"


@dataclass
class Part:
    """One finished segment in its worker's folder, waiting for the commit that adopts it."""

    folder: str
    segment: object
    # Documents of the segment to leave out of the index (written again later in the same batch).
    dropped: set = field(default_factory=set)

    @property
    def doc_count(self):
        return self.segment.doc_count_all()


def parts_dir(index_path):
    return Path(index_path) / PARTS_FOLDER


def clear_parts(index_path):
    """Remove what workers of a run that did not finish left; only the holder of the write lock may."""
    shutil.rmtree(parts_dir(index_path), ignore_errors=True)


class PartWriter:
    """Documents written into new segments of one index, in a worker; :meth:`finish` hands each over.

    Reads (:meth:`stored`) see the index's last commit, renewed with every part.

    :param statements: the statements index of ``index_dir`` rather than its releases.
    """

    def __init__(self, index_dir, statements=False, limitmb=64):
        self.path = statements_dir(index_dir) if statements else Path(index_dir)
        self.statements = statements
        self.limitmb = limitmb
        self._writer = None
        self._searcher = None
        self._folder = None

    def _schema(self, ix):
        schema = ix.schema
        if not self.statements:
            # As the lock holder's writer adds them to an older index (schema.add_later_fields).
            missing = [name for name in LATER_FIELDS if name not in schema]
            if missing:
                schema = schema.copy()
                full = press_release_schema()
                for name in missing:
                    schema.add(name, full[name])
        return schema

    def _open(self):
        if self._writer is None:
            ix = index.open_dir(self.path)
            self._folder = parts_dir(self.path) / uuid.uuid4().hex
            self._folder.mkdir(parents=True)
            staging = FileStorage(str(self._folder)).create_index(self._schema(ix), indexname=ix.indexname)
            self._writer = segmentwriter.writer(staging, _lk=False, limitmb=self.limitmb, compound=False)
        return self._writer

    def replace(self, document, over=None):
        """Write ``document``; ``over`` as for :meth:`Writer.replace`. Returns its document numbers in the part."""
        if over is not None:
            document = {**document, **over(self.stored(document["id"]))}
        writer = self._open()
        docnum = writer.docnum
        writer.add_document(**document)
        return [docnum]

    def replace_group(self, fieldname, key, documents):
        """Write ``documents`` (a release's statements); returns their document numbers in the part."""
        writer = self._open()
        docnums = []
        for document in documents:
            docnums.append(writer.docnum)
            writer.add_document(**document)
        return docnums

    def stored(self, key):
        """The stored fields of the committed document ``key``, or None."""
        if self._searcher is None:
            self._searcher = index.open_dir(self.path).searcher()
        return self._searcher.document(id=key)

    def finish(self):
        """The part written since the last finish (None if nothing was), its segment closed."""
        writer, folder = self._writer, self._folder
        self._writer = self._folder = None
        self._close_reading()
        if writer is None:
            return None
        if not writer.docnum:
            writer.cancel()
            shutil.rmtree(folder, ignore_errors=True)
            return None
        segment = writer._finalize_segment()
        writer._finish()
        return Part(str(folder), segment)

    def cancel(self):
        """Drop what was written since the last finish."""
        writer, folder = self._writer, self._folder
        self._writer = self._folder = None
        self._close_reading()
        if writer is not None:
            writer.cancel()
            shutil.rmtree(folder, ignore_errors=True)

    def _close_reading(self):
        # The next part's reads see the commits made meanwhile.
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


def commit_with_parts(writer, parts, dropped=(), merge=True):
    """Commit Whoosh ``writer`` with ``parts``' segments listed beside its own.

    :param dropped: document numbers of the writer's own new segment to leave out.
    :param merge: let Whoosh merge the small committed segments into the writer's own (serially here).
    """
    finals = writer._merge_segments(None, False, merge)
    if writer._added:
        own = writer._finalize_segment()
        for docnum in dropped:
            own.delete_document(docnum)
        finals.append(own)
    else:
        writer._close_segment()
    target = writer.storage.folder
    for part in parts:
        prefix = part.segment.segment_id()
        for name in os.listdir(part.folder):
            if name.startswith(prefix):
                os.replace(os.path.join(part.folder, name), os.path.join(target, name))
        shutil.rmtree(part.folder, ignore_errors=True)
        for docnum in part.dropped:
            part.segment.delete_document(docnum)
        finals.append(part.segment)
    writer._commit_toc(finals)
    writer._finish()

