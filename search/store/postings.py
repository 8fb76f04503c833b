"""A new segment's postings held per field and term, and written as Whoosh's own writer writes them.

Whoosh's writer puts every posting in a pool of ``(field, term, docnum, weight, value)`` tuples, sorts
the pool at commit and feeds it posting by posting to ``W3PostingsWriter``, which checks the types of
each, keeps block statistics one posting at a time and reads each document's field length. Here the
postings go straight into one flat list per field and term (docnums only grow in a writer, so each list
is already in order); at commit the terms are sorted once per field and each block's statistics,
pickles and term info are made from whole lists; the term table's rows are added a field at a time.
What is written is Whoosh's: the same term table, term infos and block statistics byte for byte, and
blocks that Whoosh's reader decodes into the same postings (a compressed block holds a pickle of a later
protocol, compressed by another deflate; Whoosh's own writer compresses every block at zlib's level 3,
so its blocks were never the bytes here). ``tests/test_writer.py`` compares every term's postings and
statistics with Whoosh's own writer, and the term table's bytes with Whoosh's.

Merging, a source segment's term is read in one piece and its blocks decoded from their data tuples,
where Whoosh's matcher seeks and reads three times a block.
"""

import heapq
from array import array
from hashlib import md5
from itertools import accumulate
from operator import sub
from io import BytesIO
from pickle import dumps, load, loads
from struct import Struct

from isal import isal_zlib
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb import filetables
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort, unpack_int, unpack_long

# Rough bytes held per posting (three list slots and their share of the list's spare room), and per
# new term (its dict entry, key and list), to keep the buffer within the writer's memory limit.
POSTING_BYTES = 32
TERM_BYTES = 200

_TERMINFO = Struct(W3TermInfo._struct.format)

# A block's pickle shorter than this is written as it is: zlib gains little or nothing on it (a term seen in
# one document pickles to about 70 bytes, and compresses to more), and setting up zlib's state costs
# more than all the rest of writing such a block. Whoosh reads the compression of each block from the
# block's own header, so it reads both kinds.
COMPRESS_MIN_BYTES = 128
# Blocks are compressed by ISA-L's deflate, which writes the zlib streams Whoosh decompresses with zlib,
# at its level 1: on a real archive's blocks it takes half the time of zlib's fastest level (itself 15%
# less than Whoosh's level 3), for 2% more bytes.
COMPRESS_LEVEL = 1


# The pickle protocol inside a compressed block. Whoosh pickles a block with protocol 2, which writes
# each position value (bytes) as a call of ``codecs.encode`` on a latin-1 string: on blocks of positions,
# pickling so took ten times as long as with protocol 3, and the pickles came out larger. Whoosh unpickles
# any protocol into the same tuple; a block written as it is keeps Whoosh's protocol 2, byte for byte.
PACKED_PROTOCOL = 3


def _block_bytes(data, compression, small=False):
    """``(bytes, level)`` of a block's data tuple: compressed if the codec compresses (``compression``),
    its protocol-2 pickle is not short and compressing makes it shorter, else that pickle as it is
    (level 0).

    :param small: the block is likely to be short (one posting): its protocol-2 pickle is made first.
    """
    plain = dumps(data, 2) if small or not compression else None
    if plain is not None and (not compression or len(plain) < COMPRESS_MIN_BYTES):
        return plain, 0
    fast = dumps(data, PACKED_PROTOCOL)
    # Protocol 3 differs from 2 only in how it writes bytes, in fewer: its pickle is never the longer.
    if plain is None and len(fast) < COMPRESS_MIN_BYTES:
        plain = dumps(data, 2)
        if len(plain) < COMPRESS_MIN_BYTES:
            return plain, 0
    packed = isal_zlib.compress(fast, COMPRESS_LEVEL)
    if len(packed) < len(fast):
        return packed, COMPRESS_LEVEL
    return (dumps(data, 2) if plain is None else plain), 0


class PostingsBuffer:
    """Postings by field and term: ``{fieldname: {term bytes: [docnum, weight, value, docnum, …]}}``."""

    def __init__(self):
        self.fields = {}
        self.size = 0
        # A posting added out of docnum order (a spelling word Whoosh files under document 0).
        self.unordered = False

    def add(self, fieldname, docnum, postings):
        """Add one document's ``(term bytes, weight, value)`` postings of ``fieldname``."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        new = 0
        get = terms.get
        for btext, weight, value in postings:
            postinglist = get(btext)
            if postinglist is None:
                terms[btext] = [docnum, weight, value]
                new += 1
            else:
                postinglist += (docnum, weight, value)
        self.size += POSTING_BYTES * len(postings) + TERM_BYTES * new

    def add_one(self, fieldname, btext, docnum, weight, value):
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        postinglist = terms.get(btext)
        if postinglist is None:
            terms[btext] = [docnum, weight, value]
            self.size += POSTING_BYTES + TERM_BYTES
        else:
            if postinglist[-3] > docnum:
                self.unordered = True
            postinglist += (docnum, weight, value)
            self.size += POSTING_BYTES

    def __bool__(self):
        return bool(self.fields)

    def sorted_postings(self):
        """Every posting as Whoosh's pool yields them: by field, term and document."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for btext in sorted(terms):
                for docnum, weight, value in _triples(terms[btext], self.unordered):
                    yield fieldname, btext, docnum, weight, value

    def clear(self):
        self.fields = {}
        self.size = 0
        self.unordered = False


def _triples(flat, unordered):
    triples = list(zip(flat[0::3], flat[1::3], flat[2::3]))
    if unordered:
        triples.sort(key=lambda t: t[0])
    return triples


def can_write(fieldwriter):
    """Whether :func:`write` knows the format ``fieldwriter`` writes (Whoosh 3's, postings never inlined)."""
    codec = getattr(fieldwriter, "_codec", None)
    return type(codec) is W3Codec and codec._inlinelimit <= 1


def can_read(reader):
    """Whether :func:`write` reads the postings of ``reader``'s segment itself (Whoosh 3's format)."""
    terms = getattr(reader, "_terms", None)
    return type(getattr(terms, "_codec", None)) is W3Codec and hasattr(terms, "_tindex")


def write(fieldwriter, schema, buffer, lengths, sources=()):
    """Write ``buffer`` through Whoosh 3's ``fieldwriter`` as its ``add_postings`` would.

    :param lengths: the new segment's :class:`~search.store.perdoc.FieldLengths`, or None.
        Blocks and term infos keep a length as its byte, so the length bytes are used as they are
        (the byte of a decoded length is the byte it was decoded from, and their order is the same).
    :param sources: segments merged into the new one, after the buffer's documents, as
        ``(reader, first docnum, docmap or None)``: a term's postings are read block by block from
        each and written with the buffer's, instead of going one by one through Whoosh's pool.
    """
    codec = fieldwriter._codec
    blocklimit, compression = codec._blocklimit, codec._compression
    postfile = _Appender(fieldwriter._postfile)
    tindex = fieldwriter._tindex
    hash_tables_in_bulk(tindex)
    fieldmap = fieldwriter._fieldmap
    fieldnames = set(buffer.fields)
    for reader, _, _ in sources:
        fieldnames.update(name for name in reader._terms._fieldmap if name in schema)
    for fieldname in sorted(fieldnames):
        terms = buffer.fields.get(fieldname, {})
        fieldid = fieldmap.setdefault(fieldname, len(fieldmap))
        prefix = pack_ushort(fieldid)
        fieldformat = schema[fieldname].format
        fixedsize = fieldformat.fixed_value_size()
        lengthbytes = lengths.raw(fieldname) if lengths is not None else None
        keys, infos = [], []
        if not sources and not buffer.unordered:
            # A term's list as it is: most terms have one posting, and need no slicing.
            for btext in sorted(terms):
                flat = terms[btext]
                if len(flat) == 3:
                    info = _write_one(postfile, flat[0], flat[1], flat[2], compression, fixedsize, lengthbytes)
                else:
                    info = _write_term(postfile, flat[0::3], flat[1::3], flat[2::3], blocklimit, compression,
                                       fixedsize, lengthbytes)
                keys.append(prefix + btext)
                infos.append(info)
        else:
            for btext, found in _merged_terms(terms, sources, fieldname):
                if found[0] is None:
                    ids, weights, values = [], [], []
                else:
                    flat = terms[btext]
                    if buffer.unordered:
                        flat = [x for t in _triples(flat, True) for x in t]
                    ids, weights, values = flat[0::3], flat[1::3], flat[2::3]
                for (reader, start, docmap), info in zip(sources, found[1:]):
                    if info is not None:
                        _read_postings(reader, info, fieldformat, start, docmap, ids, weights, values)
                if len(ids) == 1:
                    info = _write_one(postfile, ids[0], weights[0], values[0], compression, fixedsize, lengthbytes)
                elif ids:
                    info = _write_term(postfile, ids, weights, values, blocklimit, compression, fixedsize,
                                       lengthbytes)
                else:
                    continue
                keys.append(prefix + btext)
                infos.append(info)
        _add_rows(tindex, keys, infos)


_ROW_LENGTHS = filetables._lengths


def _add_rows(tindex, keys, values):
    """Add rows to Whoosh's term table (an ``OrderedHashWriter``) as its ``add`` would one by one, in
    one write: the same bytes, hashes and positions, without a file call and two checks per row.

    ``keys`` must increase, as ``add`` requires.
    """
    if not keys:
        return
    if keys[0] <= tindex.lastkey:
        raise ValueError("Keys must increase: %r..%r" % (tindex.lastkey, keys[0]))
    dbfile = tindex.dbfile
    position = dbfile.tell()
    hashfn = None if tindex.hashfn is filetables.md5_hash else tindex.hashfn
    buckets = tindex.buckets
    pack = _ROW_LENGTHS.pack
    rowsize = _ROW_LENGTHS.size
    positions = []
    chunks = []
    for key, value in zip(keys, values):
        positions.append(position)
        # md5_hash: the digest's last four bytes, as a big-endian number.
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big") if hashfn is None else hashfn(key)
        buckets[h & 255].append((h, position))
        chunks += (pack(len(key), len(value)), key, value)
        position += rowsize + len(key) + len(value)
    dbfile.write(emptybytes.join(chunks))
    _extend_index(tindex.index, positions)
    tindex.lastkey = keys[-1]


_SLOT = filetables._pointer


def hash_tables_in_bulk(tindex):
    """Have Whoosh's term table (a ``HashWriter``) write its 256 hash tables, when it closes, each in
    one write: the same bytes as its ``_write_hashes``, which packed and wrote each slot by itself (two
    slots a term)."""
    tindex._write_hashes = lambda: _write_hashes(tindex)


def _write_hashes(tindex):
    # HashWriter._write_hashes: a bucket's entries go in twice as many slots, each at its hash's slot
    # or the next free one; an empty slot is (0, 0) (no entry is, since no key starts at position 0).
    dbfile = tindex.dbfile
    position = dbfile.tell()
    directory = tindex.directory
    chunks = []
    for entries in tindex.buckets:
        numslots = 2 * len(entries)
        directory.append((position, numslots))
        table = [None] * numslots
        for entry in entries:
            slot = (entry[0] >> 8) % numslots
            while table[slot] is not None:
                slot = (slot + 1) % numslots
            table[slot] = entry
        flat = []
        for entry in table:
            flat += entry or (0, 0)
        chunks.append(Struct("!" + _SLOT.format.lstrip("!") * numslots).pack(*flat))
        position += numslots * _SLOT.size
    dbfile.write(emptybytes.join(chunks))


def _extend_index(index, positions):
    """Append ``positions`` to Whoosh's ``GrowableArray`` of key positions, as its ``append`` would."""
    current = index.array
    if isinstance(current, array):
        try:
            current.extend(array(current.typecode, positions))
            return
        except OverflowError:  # A wider type is needed: Whoosh's append picks it.
            pass
    for position in positions:
        index.append(position)


def _merged_terms(terms, sources, fieldname):
    """``(term bytes, [buffer's or None, each source's term info bytes or None])`` in term order."""
    if not sources:
        here = [True]
        return ((btext, here) for btext in sorted(terms))
    return _merged(terms, sources, fieldname)


def _merged(terms, sources, fieldname):
    width = len(sources) + 1
    streams = [((btext, 0, True) for btext in sorted(terms))]
    for number, (reader, _, _) in enumerate(sources, 1):
        streams.append(_source_terms(reader._terms, fieldname, number))
    current, found = None, None
    for btext, number, value in heapq.merge(*streams):
        if btext != current:
            if current is not None:
                yield current, found
            current, found = btext, [None] * width
        found[number] = value
    if current is not None:
        yield current, found


def _source_terms(terms, fieldname, number):
    fieldid = terms._fieldmap.get(fieldname)
    if fieldid is None:
        return
    prefix = pack_ushort(fieldid)
    tindex = terms._tindex
    position = tindex.closest_key_pos(prefix)
    if position is None:
        return
    # The rows from the field's first on, read in one piece (``items_from`` reads each key and value).
    rows = tindex.dbfile.get(position, tindex.endofdata - position)
    unpack_lengths = _ROW_LENGTHS.unpack_from
    at, end = 0, len(rows)
    while at < end:
        keylength, valuelength = unpack_lengths(rows, at)
        at += _ROW_LENGTHS.size
        if rows[at:at + 2] != prefix:
            return
        yield rows[at + 2:at + keylength], number, rows[at + keylength:at + keylength + valuelength]
        at += keylength + valuelength


def _read_postings(reader, infobytes, fieldformat, start, docmap, ids, weights, values):
    """Append one term's postings in a merged segment to the lists, its docnums renumbered."""
    terms = reader._terms
    blocks = None if infobytes[0] else _term_blocks(terms._postfile, infobytes, fieldformat.fixed_value_size())
    if blocks is None:
        matcher = terms._codec.postings_reader(terms._postfile, W3TermInfo.from_bytes(infobytes), fieldformat)
        postings = []
        while matcher.is_active():
            postings.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        blocks = [tuple(zip(*postings))] if postings else []
    for bids, bweights, bvalues in blocks:
        if docmap is None:
            ids += [start + docnum for docnum in bids]
            weights += bweights
            values += [emptybytes if v is None else v for v in bvalues]
        else:
            for docnum, weight, value in zip(bids, bweights, bvalues):
                newdoc = docmap.get(docnum)
                if newdoc is not None:
                    ids.append(newdoc)
                    weights.append(weight)
                    values.append(emptybytes if value is None else value)


def _term_blocks(postfile, infobytes, fixedsize):
    """The ``(ids, weights, values)`` of each block of a term whose postings are not inlined, read in one
    piece (:func:`term_block_data`); None if they do not start with Whoosh 3's header."""
    blocks = term_block_data(postfile, infobytes)
    return None if blocks is None else [_block_postings(loads(raw), count, fixedsize) for raw, count in blocks]


def term_block_data(postfile, infobytes):
    """``(pickled data tuple, postings)`` of each block of a term whose postings are not inlined, decompressed,
    read in one piece from the postings file where ``W3LeafMatcher`` reads them block by block (a seek and
    three reads each); None if they do not start with Whoosh 3's header."""
    blocks = term_blocks(postfile, infobytes)
    if blocks is None:
        return None
    return [(isal_zlib.decompress(packed) if compressed else packed, count) for packed, compressed, count in blocks]


def term_blocks(postfile, infobytes):
    """``(data tuple as stored, whether it is compressed, postings)`` of each block of a term, as
    :func:`term_block_data` reads them, left for the caller to decompress (whole, or only its start)."""
    offset, = unpack_long(infobytes[_TERMINFO.size:_TERMINFO.size + 8])
    length, = unpack_int(infobytes[_TERMINFO.size + 8:_TERMINFO.size + 12])
    data = postfile.get(offset, length)
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    stream = BytesIO(data)
    position = 4
    blocks = []
    while True:
        blocklength, = unpack_int(data[position:position + 4])
        end = position + 4 + abs(blocklength)
        stream.seek(position + 4)
        count, _, _, compressed, _, _ = load(stream)
        blocks.append((data[stream.tell():end], compressed, count))
        if blocklength < 0:
            return blocks
        position = end


def _block_postings(data, count, fixedsize):
    """A block's ``(ids, weights, values)`` from its data tuple, as ``W3LeafMatcher``'s ``_read_ids``,
    ``_read_weights`` and ``_read_values`` make them, without their loops in Python."""
    miniids, miniweights, minivalues = data
    ids = list(accumulate(miniids))
    if miniweights is None:
        weights = [1.0] * count
    elif isinstance(miniweights, float):
        weights = [miniweights] * count
    else:
        weights = miniweights
    if fixedsize is None or fixedsize < 0:
        values = minivalues
    elif fixedsize == 0:
        values = (None,) * count
    else:
        values = tuple(minivalues[i:i + fixedsize] for i in range(0, len(minivalues), fixedsize))
    return ids, weights, values


class _Appender:
    """The postings file, written at its end, knowing its own offset: asking the file (``tell``) at
    every term was a system call each time."""

    def __init__(self, structfile):
        self._write = structfile.write
        self.offset = structfile.tell()

    def write(self, data):
        self._write(data)
        self.offset += len(data)


class _Float32(dict):
    """A weight → its value as Whoosh stores it (a 32-bit float), for the few distinct weights."""

    def __missing__(self, weight):
        stored = self[weight] = array("f", (weight,))[0]
        return stored


_FLOAT32 = _Float32()


def _write_one(postfile, docnum, weight, value, compression, fixedsize, lengthbytes):
    """:func:`_write_term` for a term of one document, the most of a segment's terms: the same bytes,
    with none of the work a block of several postings needs."""
    start = postfile.offset
    lengthbyte = lengthbytes[docnum] if lengthbytes is not None else 0
    maxweight = weight if weight > 0 else 0
    stored = _FLOAT32[weight]
    if fixedsize is None:
        minivalues = (value,) if value else ()
    elif fixedsize == 0:
        minivalues = None
    else:
        minivalues = value
    databytes, level = _block_bytes(((docnum,), None if stored == 1.0 else stored, minivalues), compression, True)
    infobytes = dumps((1, docnum, maxweight, level, lengthbyte, lengthbyte), 2)
    data = emptybytes.join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(infobytes) + len(databytes))), infobytes,
                            databytes))
    postfile.write(data)
    return _TERMINFO.pack(False, stored, 1, lengthbyte, lengthbyte, maxweight, docnum, docnum) + \
        pack_long(start) + pack_int(len(data))


def _write_term(postfile, ids, weights, values, blocklimit, compression, fixedsize, lengthbytes):
    """Write one term's blocks; return its term info's bytes (``W3TermInfo.to_bytes``).

    :param lengthbytes: every document's length byte in the field (0 where none), or None.
    """
    count = len(ids)
    start = postfile.offset
    total = 0.0
    minlength = None
    maxlength = 0
    maxweight = 0
    chunks = [WHOOSH3_HEADER_MAGIC]
    for first in range(0, count, blocklimit):
        last = first + blocklimit >= count
        if first == 0 and last:
            bids, bweights, bvalues = ids, weights, values
        else:
            bids, bweights, bvalues = ids[first:first + blocklimit], weights[first:first + blocklimit], \
                values[first:first + blocklimit]
        n = len(bids)
        # Block statistics, as W3PostingsWriter.add_posting keeps them (a zero length is not counted).
        if lengthbytes is not None:
            blengths = list(filter(None, map(lengthbytes.__getitem__, bids)))
        else:
            blengths = ()
        bmin = min(blengths) if blengths else None
        bmax = max(blengths) if blengths else 0
        bmaxweight = max(bweights)
        if not bmaxweight > 0:
            bmaxweight = 0
        stored = array("f", bweights)
        total += sum(stored)
        one = stored[0]
        if stored.count(one) == n:
            miniweights = None if one == 1.0 else one
        else:
            miniweights = tuple(stored)
        if n == 1:
            miniids = (bids[0],)
        else:
            miniids = (bids[0],) + tuple(map(sub, bids[1:], bids[:-1]))
        if fixedsize is None:
            minivalues = tuple(filter(None, bvalues))
        elif fixedsize == 0:
            minivalues = None
        else:
            minivalues = emptybytes.join(bvalues)
        databytes, level = _block_bytes((miniids, miniweights, minivalues), compression)
        infobytes = dumps((n, bids[-1], bmaxweight, level, 0 if bmin is None else bmin, bmax), 2)
        blocklength = len(infobytes) + len(databytes)
        chunks.append(pack_int(-blocklength if last else blocklength))
        chunks.append(infobytes)
        chunks.append(databytes)
        # The term's statistics, as W3TermInfo.add_block gathers them.
        if first == 0:
            minlength = bmin
        elif bmin is not None and minlength is not None:
            minlength = min(minlength, bmin)
        maxlength = max(maxlength, bmax)
        maxweight = max(maxweight, bmaxweight)
    data = emptybytes.join(chunks)
    postfile.write(data)
    return _TERMINFO.pack(
        False, total, count, 0 if minlength is None else minlength, maxlength,
        maxweight, ids[0], ids[-1],
    ) + pack_long(start) + pack_int(len(data))
