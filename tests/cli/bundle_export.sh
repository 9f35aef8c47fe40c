#!/bin/sh
# zhibu bundle export, what the export writes (src/store/exchange_export.c) and when it writes
# nothing. The village is the demo database (its first branch). The bundle's changeset is read
# back here (a decoder of the session extension's format in Python) and compared with what the
# sqlite3 shell reads from the village: the keyed rows (attendance, allocations: no uuid of
# their own here) under their derived uuid, their place in key order and their parent's
# timestamps; the references as the referenced rows' uuids; the journal as the view history
# shows it, a prev_hash kept as 0 being the previous entry's hash, also where an entry of the
# chain holds its hashes in text form (written by hand: the view shows them as they are). The
# export with its verification beside it (a thread) and alone (ZHIBU_VERIFY_ONE_THREAD) write
# the same payload, as when the thread fails (ZHIBU_TEST_FAIL_SIDE_VERIFY: verified again after
# on the main connection). Refused, exit 1, one Chinese line and no file (no temporary file left): a
# branch that does not verify (both ways), a bundle whose file cannot be written, a file that
# exists (left as it was). The branch's verification (run by every export) names rows deleted
# behind zhibu's back once each, with their newest entry, in the order of the tables and uuids.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

V=$T/village.db
demo_village "$V"

# check BUNDLE DB — the bundle's rows of meeting_attendance, dues_allocation, meeting,
# dues_payment and journal against the database's; prints "ok" or what differs
check() {
    $PY - "$1" "$2" "$AID" <<'PY'
import hashlib, json, sqlite3, struct, subprocess, sys
bundle, dbpath, bid = sys.argv[1], sys.argv[2], int(sys.argv[3])
from changeset import parse
rows = {}
bz = sqlite3.connect("file:" + bundle + "?mode=ro", uri=True)
for (data,) in bz.execute("select data from payload order by id"):
    for tab, _, rs in parse(bytes(data)):
        rows.setdefault(tab, []).extend(tuple(r) for r in rs)
db = sqlite3.connect("file:" + dbpath + "?mode=ro", uri=True)
def child(table, parent, key):
    d = bytearray(hashlib.blake2b(b"".join(a.encode() + b"\0" for a in (table, parent, key)), digest_size=16).digest())
    d[6] = (d[6] & 0x0f) | 0x80; d[8] = (d[8] & 0x3f) | 0x80
    h = d.hex()
    return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))
want = {}
want["meeting_attendance"] = [
    (child("meeting_attendance", mu, pu), n + 1, mu, pu, v, mk, rs, ex, sq, ca, ua)
    for n, (mu, pu, v, mk, rs, ex, sq, ca, ua) in enumerate(db.execute(
        "select m.uuid, p.uuid, a.voting, a.mark, a.reason, a.excused, a.seq, m.created_at, m.updated_at"
        " from meeting_attendance a join meeting m on m.id = a.meeting_id join member p on p.id = a.member_id"
        " where m.branch_id = ? order by a.meeting_id, a.member_id", (bid,)))]
want["dues_allocation"] = [
    (child("dues_allocation", pu, mo), n + 1, pu, mo, am, ca, ua)
    for n, (pu, mo, am, ca, ua) in enumerate(db.execute(
        "select p.uuid, a.month, a.amount, p.created_at, p.updated_at from dues_allocation a"
        " join dues_payment p on p.id = a.payment_id where p.branch_id = ?"
        " order by a.payment_id, a.month", (bid,)))]
want["dues_payment"] = list(db.execute(
    "select p.uuid, p.id, m.uuid, b.uuid, p.paid_date, p.receipt_no, p.from_month, p.to_month,"
    " p.amount, p.note, p.created_at, p.created_by, p.updated_at, p.voided_at, p.void_reason,"
    " p.voided_by from dues_payment p join member m on m.id = p.member_id join branch b on"
    " b.id = p.branch_id where p.branch_id = ? order by p.id", (bid,)))
# the view history decodes with the shell's sqlar_uncompress: read through the sqlite3 shell
cols = [c for c in subprocess.run(["sqlite3", "-readonly", dbpath, "select name from"
        " pragma_table_info('history')"], capture_output=True, text=True, check=True).stdout.split()
        if c != "uuid"]
out = subprocess.run(["sqlite3", "-readonly", "-json", dbpath,
                      "select uuid, " + ", ".join(cols) + " from history where branch_id = %d"
                      " and hash is not null order by id" % bid],
                     capture_output=True, text=True, check=True).stdout
want["journal"] = [tuple(r[k] for k in ["uuid"] + cols) for r in json.loads(out or "[]")]
bad = []
for t, w in want.items():
    got = rows.get(t, [])
    if t == "dues_payment": got = [g[:16] for g in got]
    if got != w:
        k = next((i for i in range(min(len(got), len(w))) if got[i] != w[i]), None)
        bad.append("%s: %d rows, want %d; first difference at %s: %r / %r" % (
            t, len(got), len(w), k, got[k] if k is not None else "", w[k] if k is not None else ""))
print("; ".join(bad) if bad else "ok %d %d %d" % (len(rows.get("meeting_attendance", [])),
      len(rows.get("dues_allocation", [])), len(rows.get("journal", []))))
PY
}

# ---- what it writes ----
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a.zbx"
expect_rc "export: exit 0" 0
R=$(check "$T/a.zbx" "$V")
case $R in
"ok 0 "* | "ok "*" 0 "* | *" 0") fail "export: keyed rows and the journal as the village holds them" "none of a kind: $R" ;;
ok*) ok "export: keyed rows (derived uuid, xid, parent's times), references and the journal as the village holds them ($R)" ;;
*) fail "export: keyed rows and the journal as the village holds them" "$R" ;;
esac
ZHIBU_VERIFY_ONE_THREAD=1 run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a1.zbx"
expect_rc "export without the verification beside it: exit 0" 0
expect_eq "export: the same payload with the verification beside it and before it" \
    "$(payload_sha "$T/a.zbx")" "$(payload_sha "$T/a1.zbx")"
ZHIBU_TEST_FAIL_SIDE_VERIFY=1 run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a2.zbx"
expect_rc "export whose verification thread fails (verified again after): exit 0" 0
expect_eq "export: the same payload when the verification thread fails" \
    "$(payload_sha "$T/a.zbx")" "$(payload_sha "$T/a2.zbx")"
expect_eq "export: the payload's SHA-256 in the manifest" "$(manifest_value "$T/a.zbx" payload_sha256)" \
    "$(payload_sha "$T/a.zbx")"

# ---- a chain holding some hashes in text form ----
# (the journal's hashes stored as text, as written by hand through the view: the entries after
# them keep prev_hash as 0, their previous entry's hash being that text)
cp "$V" "$T/text.db"
H1=$(sql "$T/text.db" "select id from history_data where branch_id = $AID and typeof(prev_hash) = 'integer' and hash is not null order by id limit 1 offset 40")
H2=$(sql "$T/text.db" "select min(id) from history_data where branch_id = $AID and id > $H1 and hash is not null")
sql "$T/text.db" "update history_data set hash = lower(hex(hash)) where id in ($H1, $H2);
    update history_data set prev_hash = (select lower(hex(p.hash)) from history_data p
    where p.branch_id = $AID and p.id < $H1 and p.hash is not null order by p.id desc limit 1)
    where id = $H1"
expect_eq "text form: the entries changed ($H1 $H2)" \
    "$(sql "$T/text.db" "select group_concat(typeof(hash) || '/' || typeof(prev_hash), ' ') from history_data where id in ($H1, $H2)")" \
    "text/text text/integer"
run_zhibu verify --db "$T/text.db" --branch "$A"
expect_rc "text form: the chain still verifies" 0
run_zhibu bundle export --db "$T/text.db" --branch "$A" --out "$T/text.zbx"
expect_rc "text form: export exit 0" 0
R=$(check "$T/text.zbx" "$T/text.db")
case $R in ok*) ok "text form: the journal as the view shows it ($R)" ;; *) fail "text form: the journal as the view shows it" "$R" ;; esac
expect_eq "text form: the entry after the text one carries its hash as prev_hash" \
    "$(sql "$T/text.db" "select prev_hash = (select hash from history where id = $H1) from history where id = $H2")" "1"

# ---- nothing written ----
# nowrite NAME ARGS... — refused: exit 1, one line in Chinese, no file nor temporary file
nowrite() {
    name=$1; shift
    run_zhibu "$@"
    expect_rc "$name: exit 1" 1
    if [ "$(wc -l <"$T/err")" = 1 ] && LC_ALL=C grep -q '[^ -~]' "$T/err"; then ok "$name: one line in Chinese"
    else fail "$name: one line in Chinese" "$(head -c 300 "$T/err")"; fi
    left=$(find "$T" -name 'x*.zbx*' | head -3)
    if [ -z "$left" ]; then ok "$name: no file left"; else fail "$name: no file left" "$left"; fi
}
cp "$V" "$T/bad.db"
sql "$T/bad.db" "update meeting set place = '别处' where id = (select min(id) from meeting where branch_id = $AID)"
nowrite "a branch that does not verify" bundle export --db "$T/bad.db" --branch "$A" --out "$T/x1.zbx"
expect_contains "a branch that does not verify: said" "$T/err" "本支部台账校验未通过"
cp "$T/err" "$T/err.beside"
ZHIBU_VERIFY_ONE_THREAD=1 nowrite "a branch that does not verify (verified first)" bundle export --db "$T/bad.db" --branch "$A" --out "$T/x2.zbx"
expect_eq "a branch that does not verify: the same message both ways" "$(cat "$T/err")" "$(cat "$T/err.beside")"
ZHIBU_TEST_FAIL_SIDE_VERIFY=1 nowrite "a branch that does not verify (its thread failed, verified after)" bundle export --db "$T/bad.db" --branch "$A" --out "$T/x4.zbx"
expect_eq "a branch that does not verify: the same message when the thread fails" "$(cat "$T/err")" "$(cat "$T/err.beside")"
nowrite "a directory that is not there" bundle export --db "$V" --branch "$A" --out "$T/nodir/x3.zbx"
expect_contains "a directory that is not there: said" "$T/err" "无法写入交换包"
printf 'keep' >"$T/exists.zbx"
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/exists.zbx"
expect_rc "a file that exists: exit 1" 1
expect_contains "a file that exists: said" "$T/err" "已存在（不会覆盖）"
expect_eq "a file that exists: left as it was" "$(cat "$T/exists.zbx")" "keep"

# ---- the verification's deleted rows, one branch (st_missing_branch) ----
# rows deleted behind zhibu's back in two tables: each named once with its newest entry, in
# the order of the tables, then of the uuids
cp "$V" "$T/gone.db"
sql "$T/gone.db" "create table gone_ as select 'meeting' t, uuid from meeting where branch_id = $AID order by id limit 3;
    insert into gone_ select 'dues_payment', uuid from dues_payment where branch_id = $AID order by id desc limit 2;
    delete from meeting_attendance where meeting_id in (select id from meeting where uuid in (select uuid from gone_));
    delete from meeting_resolution where meeting_id in (select id from meeting where uuid in (select uuid from gone_));
    delete from meeting where uuid in (select uuid from gone_);
    delete from dues_allocation where payment_id in (select id from dues_payment where uuid in (select uuid from gone_));
    delete from dues_payment where uuid in (select uuid from gone_)"
WANT=$(sqlite3 -batch -noheader "$T/gone.db" "select g.t || ' ' || substr(g.uuid, 1, 8) || ' ' ||
    (select max(h.id) from history h where h.row_uuid = g.uuid and h.new_json is not null)
    from gone_ g order by g.t = 'dues_payment', g.uuid" | tr '\n' ';')
run_zhibu verify --db "$T/gone.db" --branch "$A"
expect_rc "deleted rows: verify exit 1" 1
GOT=$($PY - "$T/out" <<'PY'
import re, sys
labels = {"会议": "meeting", "交费记录": "dues_payment"}
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"(\S+) ([0-9a-f]{8}) 已被删除（日志第 (\d+) 条记有此记录）", line)
    if m: out.append("%s %s %s" % (labels.get(m.group(1), m.group(1)), m.group(2), m.group(3)))
print(";".join(out) + (";" if out else ""))
PY
)
expect_eq "deleted rows: each named once, with its newest entry, in order" "$GOT" "$WANT"
