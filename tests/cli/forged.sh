#!/bin/sh
# zhibu bundle import of forged bundles (issue 12, holes 4-6). A forger takes a real bundle of
# the demo's first village branch, appends a chunk of changed or added rows to its payload and
# recomputes payload_sha256, so that the file passes the hash check and only the check of the
# content can refuse it: a resolution under another branch's meeting, an allocation under
# another branch's payment, a meeting on 2026-02-30, payments of -5 and 99,999,999,999 fen,
# minutes of 5 MB (a chunk no export makes), 2 MB (a value no ledger holds) and 20,001 characters
# (the form's limit), 100,000 extra members; and, with [exchange] max_bundle_mb = 1 in the
# config, a bundle over the size. Each is refused with exit 1 and one Chinese line naming the
# table, the row and the reason; the township's database is byte for byte as it was and verifies
# 完整. The honest bundle then imports.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

V=$T/village.db
TW=$T/township.db
run_zhibu demo --db "$V" --seed 1
expect_rc "demo (the village)" 0
A=$(shuji_branch "$V")
AID=$(sql "$V" "select id from branch where code = '$A'")
B=$(sql "$V" "select code from branch where code > '$A' and not exists (select 1 from branch c where c.parent_id = branch.id) order by code limit 1")
BID=$(sql "$V" "select id from branch where code = '$B'")
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a.zbx"
expect_rc "export $A" 0
run_zhibu bundle export --db "$V" --branch "$B" --out "$T/b.zbx"
expect_rc "export $B" 0
run_zhibu init --test --db "$TW" --password-file "$PW" --office township
expect_rc "init --office township" 0
run_zhibu bundle import $(trust_of "$T/b.zbx") --db "$TW" "$T/b.zbx"
expect_rc "the township holds $B" 0

# The forger: a copy of a bundle with one chunk appended and the hash made right again.
cat >"$T/forge.py" <<'PY'
# forge.py BUNDLE OUT LIVE_DB ACTION... — a forged copy of a bundle: its chunks kept, a chunk
# appended, the manifest's payload_sha256 recomputed (what a forger would do). Actions:
#   set TABLE UUID_PREFIX COLUMN VALUE   a copy of the row with one value changed (same uuid:
#                                        the import takes the later row)
#   add TABLE JSON                       a new row: JSON maps columns to values (others NULL)
#   clone TABLE COUNT                    COUNT copies of the first row of TABLE, new uuids
import json, shutil, sqlite3, sys

from changeset import parse, write, reseal

def columns(live, table):
    local = {('dues_allocation', 'member_id'), ('amend_request', 'history_after')}
    cols = [r[0] for r in live.execute('SELECT name FROM pragma_table_info(?) ORDER BY cid', (table,))
            if r[0] not in ('id', 'uuid') and (table, r[0]) not in local]
    # schema 13: attendance and allocations keep no timestamps; they travel as their parent's
    if table in ('meeting_attendance', 'dues_allocation') and 'created_at' not in cols:
        cols += ['created_at', 'updated_at']
    return ['uuid', 'xid'] + cols

def main():
    src, dst, live_path, action = sys.argv[1:5]
    args = sys.argv[5:]
    shutil.copyfile(src, dst)
    db = sqlite3.connect(dst)
    live = sqlite3.connect(live_path)
    chunks = [bytes(r[0]) for r in db.execute('SELECT data FROM payload ORDER BY id')]
    # the round trip of the parser and writer must give the chunks back byte for byte
    for c in chunks:
        assert write(parse(c)) == c, 'changeset parser'
    tables = {}
    for c in chunks:
        for name, pk, rows in parse(c):
            tables.setdefault(name, (pk, []))[1].extend(rows)
    new = []
    if action == 'set':
        table, prefix, col, val = args
        cols = columns(live, table)
        pk, rows = tables[table]
        row = next(r for r in rows if r[0].startswith(prefix))
        row = list(row)
        v = json.loads(val)
        if isinstance(v, dict):  # {"repeat": "x", "times": N}: too long for a command line
            v = v['repeat'] * v['times']
        row[cols.index(col)] = v
        new = [(table, pk, [row])]
    elif action == 'add':
        table, values = args
        cols = columns(live, table)
        values = json.loads(values)
        row = [values.get(c) for c in cols]
        new = [(table, bytes([1] + [0] * (len(cols) - 1)), [row])]
    elif action == 'clone':
        table, count = args[0], int(args[1])
        pk, rows = tables[table]
        base = list(rows[0])
        if len(args) > 2:
            base[columns(live, table).index(args[2])] = json.loads(args[3])
        made = []
        for k in range(count):
            r = list(base); r[0] = 'e0000000-0000-4000-8000-%012d' % k; r[1] = 100000 + k
            made.append(r)
        new = [(table, pk, made[k:k + 2000]) for k in range(0, count, 2000)]  # as the export
    next_id = db.execute('SELECT max(id) FROM payload').fetchone()[0] + 1
    for t in new:
        db.execute('INSERT INTO payload(id, data) VALUES (?, ?)', (next_id, write([t])))
        next_id += 1
    reseal(db)
    db.commit()
    db.close()

main()
PY
# forge NAME ACTION ARGS... — $T/NAME.zbx forged from A's bundle
forge() {
    name=$1; shift
    # (then signed again with the village's own key: the forger holds the village's file)
    if $PY "$T/forge.py" "$T/a.zbx" "$T/$name.zbx" "$V" "$@" 2>"$T/forge.err" &&
        "$FORGE_BIN" resign "$T/$name.zbx" "$V" >/dev/null 2>>"$T/forge.err"; then :
    else fail "forge $name" "$(tail -3 "$T/forge.err")"; fi
}
# refused NAME TEXT — importing $T/NAME.zbx exits 1 with one line holding TEXT; the township's
# file unchanged and verifying
refused() {
    before=$(sha256sum <"$TW")
    run_zhibu bundle import $(trust_of "$T/$1.zbx") --db "$TW" "$T/$1.zbx"
    expect_rc "$1: refused (exit 1)" 1
    expect_contains "$1: the message" "$T/err" "$2"
    expect_eq "$1: one line" "$(wc -l <"$T/err")" "1"
    expect_eq "$1: the township byte for byte unchanged" "$(sha256sum <"$TW")" "$before"
    run_zhibu verify --db "$TW"
    expect_eq "$1: verify 完整" "$RC $(head -1 "$T/out")" "0 完整"
}
NOW=2026-11-20T08:00:00Z

# ---- hole 4: rows of another branch ----
BM=$(sql "$V" "select uuid from meeting where branch_id = $BID order by id limit 1")
BP=$(sql "$V" "select uuid from dues_payment where branch_id = $BID order by id limit 1")
forge resolution add meeting_resolution "{\"uuid\": \"f0f0f0f0-0000-4000-8000-000000000001\", \"xid\": 999999, \"meeting_id\": \"$BM\", \"seq\": 9, \"text\": \"伪造的决议\", \"votes_for\": 9, \"votes_against\": 0, \"votes_abstain\": 0, \"created_at\": \"$NOW\", \"updated_at\": \"$NOW\"}"
refused resolution "zhibu bundle: 交换包中表 meeting_resolution 的记录 f0f0f0f0 属于其他支部，整个交换包未导入"
forge allocation add dues_allocation "{\"uuid\": \"f0f0f0f0-0000-4000-8000-000000000002\", \"xid\": 999999, \"payment_id\": \"$BP\", \"month\": \"2026-01\", \"amount\": 99999, \"created_at\": \"$NOW\", \"updated_at\": \"$NOW\"}"
refused allocation "zhibu bundle: 交换包中表 dues_allocation 的记录 f0f0f0f0 属于其他支部，整个交换包未导入"
expect_eq "B's allocations as they were" \
    "$(sql "$TW" "select count(*) from dues_allocation a join dues_payment p on p.id = a.payment_id join branch b on b.id = p.branch_id where b.code = '$B'")" \
    "$(sql "$V" "select count(*) from dues_allocation a join dues_payment p on p.id = a.payment_id where p.branch_id = $BID")"

# ---- hole 5: content a form would refuse ----
AM=$(sql "$V" "select substr(uuid, 1, 8) from meeting where branch_id = $AID order by id limit 1")
AP=$(sql "$V" "select substr(uuid, 1, 8) from dues_payment where branch_id = $AID order by id limit 1")
forge date set meeting "$AM" date '"2026-02-30"'
refused date "zhibu bundle: 交换包中表 meeting 的记录 $AM 有误：会议日期“2026-02-30”：日期格式应为 YYYY-MM-DD，且须是真实日期，整个交换包未导入"
forge garbage set meeting "$AM" date '"garbage"'
refused garbage "会议日期“garbage”：日期格式应为 YYYY-MM-DD"
forge negative set dues_payment "$AP" amount -5
refused negative "交换包中表 dues_payment 的记录 $AP 有误：金额“-5”：数值超出范围，整个交换包未导入"
forge huge set dues_payment "$AP" amount 99999999999
refused huge "金额“99999999999”：数值超出范围"
# more votes for a resolution than those present with a vote (issue 14): refused as the form does
AR=$(sql "$V" "select substr(r.uuid, 1, 8) from meeting_resolution r join meeting m on m.id = r.meeting_id
               where m.branch_id = $AID and m.voided_at is null order by r.id limit 1")
ARM=$(sql "$V" "select substr(m.uuid, 1, 8) from meeting_resolution r join meeting m on m.id = r.meeting_id
                where r.uuid like '$AR%'")
forge votes set meeting_resolution "$AR" votes_for 500
refused votes "交换包中表 meeting 的记录 $ARM 有误：第 1 项决议的表决票数共"
# a party group's dates (issue 14): impossible, or ending before it began
AG=$(sql "$V" "select substr(uuid, 1, 8) from party_group where branch_id = $AID order by id limit 1")
forge groupstart set party_group "$AG" start_date '"2025-02-30"'
refused groupstart "交换包中表 party_group 的记录 $AG 有误：成立日期“2025-02-30”：日期格式应为 YYYY-MM-DD"
forge groupend set party_group "$AG" end_date '"1900-01-01"'
refused groupend "交换包中表 party_group 的记录 $AG 有误：撤销日期应晚于成立日期，整个交换包未导入"
forge minutes set meeting "$AM" minutes '{"repeat": "x", "times": 5000000}'
refused minutes "zhibu bundle: 交换包中有一块数据超过 4 MB，不是 zhibu 导出的交换包"
forge minutes1 set meeting "$AM" minutes '{"repeat": "x", "times": 2000000}'
refused minutes1 "zhibu bundle: 交换包中表 meeting 的记录 $AM 有一项数据超过 1 MB，整个交换包未导入"
forge minutes2 set meeting "$AM" minutes '{"repeat": "记", "times": 20001}'
refused minutes2 "交换包中表 meeting 的记录 $AM 有误：会议内容：内容过长，整个交换包未导入"

# ---- hole 6: limits ----
forge members clone member 100000
refused members "zhibu bundle: 交换包中的党员超过 20000 名（配置 [exchange] max_members），整个交换包未导入"
sed 's/^max_bundle_mb = .*/max_bundle_mb = 1/' "$ROOT/config/zhibu.ini" >"$T/small.ini"
before=$(sha256sum <"$TW")
ZHIBU_CONFIG=$T/small.ini run_zhibu bundle import $(trust_of "$T/a.zbx") --db "$TW" "$T/a.zbx"
expect_rc "over max_bundle_mb: refused (exit 1)" 1
expect_contains "over max_bundle_mb: the message names the limit and the key" "$T/err" "超过上限 1 MB（配置 [exchange] max_bundle_mb），未导入"
expect_eq "over max_bundle_mb: the township byte for byte unchanged" "$(sha256sum <"$TW")" "$before"

# ---- the honest bundle imports ----
run_zhibu bundle import $(trust_of "$T/a.zbx") --db "$TW" "$T/a.zbx"
expect_rc "the honest bundle imports" 0
run_zhibu verify --db "$TW"
expect_eq "then verify 完整" "$RC $(head -1 "$T/out")" "0 完整"
