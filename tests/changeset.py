"""changeset.py — the bundle payload's changesets (SQLite session extension format) read and
written by the tests that forge, rewrite or inspect a bundle (forged.sh, import_new.sh,
bundle_export.sh): one copy of the parser. Found through PYTHONPATH=$ROOT/tests (tests/lib.sh).

Format: per table 'T', varint column count, one byte per column (primary key flag), the name
NUL-terminated; then records: operation (18 = INSERT), indirect flag, one value per column:
type byte (1 integer: 8 bytes big-endian, 2 float: 8 bytes, 3 text / 4 blob: varint length and
bytes, 5 NULL)."""
import hashlib
import struct


def varint(v):
    """SQLite's varint of v (sqlite3PutVarint)"""
    if v <= 0x7f: return bytes([v])
    if v <= 0x3fff: return bytes([((v >> 7) & 0x7f) | 0x80, v & 0x7f])
    out = []
    if v & (0xff000000 << 32):
        out.append(v & 0xff); v >>= 8
        for _ in range(8):
            out.append((v & 0x7f) | 0x80); v >>= 7
        return bytes(reversed(out))
    out.append(v & 0x7f); v >>= 7
    while v:
        out.append((v & 0x7f) | 0x80); v >>= 7
    return bytes(reversed(out))


def get_varint(b, i):
    """(value, next index) of the varint at b[i]"""
    v = 0
    for k in range(8):
        c = b[i + k]; v = (v << 7) | (c & 0x7f)
        if not c & 0x80: return v, i + k + 1
    return (v << 8) | b[i + 8], i + 9


def value(b, i):
    """(value, next index) of the record value at b[i]"""
    t = b[i]; i += 1
    if t == 1: return struct.unpack('>q', b[i:i + 8])[0], i + 8
    if t == 2: return struct.unpack('>d', b[i:i + 8])[0], i + 8
    if t in (3, 4):
        n, i = get_varint(b, i)
        d = bytes(b[i:i + n]); return (d.decode('utf-8', 'surrogateescape') if t == 3 else d), i + n
    if t == 5: return None, i
    raise ValueError('value type %d' % t)


def enc(v):
    """the record value of v"""
    if v is None: return b'\x05'
    if isinstance(v, bool): v = int(v)
    if isinstance(v, int): return b'\x01' + struct.pack('>q', v)
    if isinstance(v, float): return b'\x02' + struct.pack('>d', v)
    if isinstance(v, bytes): return b'\x04' + varint(len(v)) + v
    d = v.encode('utf-8', 'surrogateescape'); return b'\x03' + varint(len(d)) + d


def parse(b):
    """[(table, pk flags, [row values...])] of a changeset of INSERTs"""
    i, out = 0, []
    while i < len(b):
        assert b[i] == 0x54; i += 1
        n, i = get_varint(b, i)
        pk = bytes(b[i:i + n]); i += n
        j = b.index(0, i); name = b[i:j].decode(); i = j + 1
        rows = []
        while i < len(b) and b[i] != 0x54:
            op, ind = b[i], b[i + 1]; i += 2
            assert op == 18 and ind == 0, (op, ind)   # SQLITE_INSERT, direct
            row = []
            for _ in range(n):
                v, i = value(b, i); row.append(v)
            rows.append(row)
        out.append((name, pk, rows))
    return out


def write(tables):
    """the changeset of [(table, pk flags, rows)]"""
    out = bytearray()
    for name, pk, rows in tables:
        out += b'T' + varint(len(pk)) + pk + name.encode() + b'\x00'
        for row in rows:
            out += b'\x12\x00' + b''.join(enc(v) for v in row)
    return bytes(out)


def reseal(db):
    """the manifest's payload_sha256 made right again for the chunks db (a bundle) holds now"""
    h = hashlib.sha256()
    for (d,) in db.execute('SELECT data FROM payload ORDER BY id'):
        if d: h.update(bytes(d))
    db.execute("UPDATE manifest SET value = ? WHERE key = 'payload_sha256'", (h.hexdigest(),))
