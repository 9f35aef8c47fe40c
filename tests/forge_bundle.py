#!/usr/bin/env python3
"""forge_bundle.py — rewrite rows inside a zhibu bundle (.zbx) the way a forger would, for the
tests: the payload's changesets are parsed, changed and written back, and the manifest's
payload_sha256 recomputed, so that the bundle passes the file checks and only the content checks
can refuse it.

    forge_bundle.py IN.zbx OUT.zbx DB OP...

DB is a database of the same schema (the village's): it gives the exchange tables' column order
(uuid, xid, then the live table's columns without id, uuid and the local ones; the pseudo-table
journal: uuid, then history's columns without uuid). OP:
    set:TABLE:UUID:COLUMN:VALUE   the row's COLUMN becomes VALUE (an integer if it looks like one)
    del:TABLE:UUID                the row is left out
Prints one line per change made; exits 1 when a row named is not in the bundle.

The changeset format (SQLite session extension): per table 'T', varint column count, one byte
per column (primary key flag), the name NUL-terminated; then records: operation (18 = INSERT),
indirect flag, and for an INSERT one value per column: type byte (1 integer: 8 bytes big-endian,
2 float: 8 bytes, 3 text / 4 blob: varint length and bytes, 5 NULL, 0 no value)."""
import hashlib
import re
import sqlite3
import struct
import sys

LOCAL = {("dues_allocation", "member_id"), ("amend_request", "history_after")}
KEYED = {"meeting_attendance", "dues_allocation"}


def varint(b, i):
    v = 0
    for _ in range(8):
        c = b[i]
        i += 1
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            return v, i
    return (v << 8) | b[i], i + 1


def put_varint(v):
    if v < 0x80:
        return bytes([v])
    groups = []
    while v:
        groups.append(v & 0x7F)
        v >>= 7
    groups.reverse()
    return bytes([g | 0x80 for g in groups[:-1]] + [groups[-1]])


def parse(b):
    tables, i = [], 0
    while i < len(b):
        if b[i] != 0x54:
            raise SystemExit("forge_bundle: not a changeset")
        start = i
        ncol, i = varint(b, i + 1)
        i += ncol
        end = b.index(0, i)
        name = b[i:end].decode()
        i = end + 1
        head, recs = b[start:i], []
        while i < len(b) and b[i] != 0x54:
            op, ind = b[i], b[i + 1]
            i += 2
            vals = []
            for _ in range(ncol):
                t = b[i]
                i += 1
                if t in (1, 2):
                    vals.append((t, b[i:i + 8]))
                    i += 8
                elif t in (3, 4):
                    n, i = varint(b, i)
                    vals.append((t, b[i:i + n]))
                    i += n
                else:
                    vals.append((t, None))
            recs.append([op, ind, vals])
        tables.append([head, name, recs])
    return tables


def dump(tables):
    out = bytearray()
    for head, _, recs in tables:
        out += head
        for op, ind, vals in recs:
            out += bytes([op, ind])
            for t, v in vals:
                out.append(t)
                if t in (3, 4):
                    out += put_varint(len(v))
                if v is not None:
                    out += v
    return bytes(out)


def columns(db, table):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    live = "history" if table == "journal" else table
    # schema 10: history is a view (its JSON packed, shown through sqlar_uncompress, which this
    # sqlite3 module lacks); history_data has the same columns in the same order
    if live == "history" and con.execute(
            "select 1 from sqlite_schema where name = 'history_data'").fetchone():
        live = "history_data"
    names = [r[1] for r in con.execute("select * from pragma_table_info(?) order by cid", (live,))]
    con.close()
    if table == "journal":
        return ["uuid"] + [n for n in names if n != "uuid"]
    # schema 13: attendance and allocations keep no timestamps; they travel as their parent's
    extra = ["created_at", "updated_at"] if table in KEYED and "created_at" not in names else []
    return ["uuid", "xid"] + [n for n in names if n not in ("id", "uuid") and (table, n) not in LOCAL] + extra


def main():
    src, dst, db, ops = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    con = sqlite3.connect("file:%s?mode=ro" % src, uri=True)
    chunks = [bytes(r[0]) for r in con.execute("select data from payload order by id")]
    manifest = list(con.execute("select key, value from manifest"))
    con.close()
    parsed = [parse(c) for c in chunks]
    for op in ops:
        parts = op.split(":", 4)
        table, uuid = parts[1], parts[2].encode()
        found = False
        for tables in parsed:
            for t in tables:
                if t[1] != table:
                    continue
                for rec in list(t[2]):
                    if rec[2][0] != (3, uuid):
                        continue
                    found = True
                    if parts[0] == "del":
                        t[2].remove(rec)
                        print("del %s %s" % (table, parts[2]))
                        continue
                    col, value = parts[3], parts[4]
                    k = columns(db, table).index(col)
                    if re.fullmatch(r"-?\d+", value):
                        rec[2][k] = (1, struct.pack(">q", int(value)))
                    else:
                        rec[2][k] = (3, value.encode())
                    print("set %s %s %s = %s" % (table, parts[2], col, value))
        if not found:
            print("forge_bundle: no row %s %s in the bundle" % (table, parts[2]), file=sys.stderr)
            sys.exit(1)
    chunks = [dump(t) for t in parsed]
    sha = hashlib.sha256(b"".join(chunks)).hexdigest()
    out = sqlite3.connect(dst)
    out.execute("create table manifest(key text primary key, value text)")
    out.execute("create table payload(id integer primary key, data blob)")
    for k, v in manifest:
        out.execute("insert into manifest values (?, ?)", (k, sha if k == "payload_sha256" else v))
    for n, c in enumerate(chunks, 1):
        out.execute("insert into payload values (?, ?)", (n, c))
    out.commit()
    out.close()


main()
