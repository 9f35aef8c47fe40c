#!/bin/sh
# zhibu bundle: moving a branch's ledger between offices. The village is the demo database (its
# first branch, the secretary shuji's) made a village's (`zhibu office kind village`); the
# township is an empty `zhibu init --office township`. Every bundle is signed by its office: the
# manifest carries the office's key, fingerprint, kind and name; the first bundle of a branch
# from an office is imported with --trust FINGERPRINT (tests/cli/office.sh: what happens
# without it, and with another key).
# Round trip: every list and the audit of the branch identical in both, the township's journal
# and the imported chain 完整 (and a tampered imported entry found). Three villages into one
# township; the village changes a meeting of a month the township has reviewed and re-exports:
# the township shows the change, 更新 1, and 审后修改 (the amend row and 改1 on the review table).
# Idempotence: the same bundle twice, an older bundle after a newer one. Verdicts travel back:
# the township's 需整改 appears on the village secretary's home screen. Bad input, each refused
# with exit 1, one line, and the target database byte for byte unchanged: a truncated bundle, a
# flipped byte in the payload, a plain SQLite file, a text file, a bundle from a newer schema, a
# bundle of another branch (and of another branch with the same code) in a village database, a
# verdicts bundle for a branch that is not there, a zero-byte file, a missing file. Usage errors
# exit 2.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

V=$T/village.db
TW=$T/township.db
demo_village "$V"
run_zhibu office name --db "$V" 红旗村党支部 --as admin --as-password-file "$T/demo-pw"
expect_rc "the village named" 0
B=$(sql "$V" "select code from branch where code > '$A' and not exists (select 1 from branch c where c.parent_id = branch.id) order by code limit 1")
C=$(sql "$V" "select code from branch where code > '$B' and not exists (select 1 from branch c where c.parent_id = branch.id) order by code limit 1")
AUUID=$(sql "$V" "select uuid from branch where code = '$A'")
if [ -n "$A" ] && [ -n "$B" ] && [ -n "$C" ]; then ok "three village branches of the demo ($A $B $C)"
else fail "three village branches of the demo" "[$A] [$B] [$C]"; fi

# ---- helpers ----
# same NAME ARGS... — `zhibu ARGS --db village` and `--db township` print the same, byte for
# byte, and more than a header line.
same() {
    name=$1; shift
    run_zhibu "$@" --db "$V"; rcv=$RC; cp "$T/out" "$T/same.v"
    run_zhibu "$@" --db "$TW"; rct=$RC; cp "$T/out" "$T/same.t"
    if [ "$rcv:$rct" != "0:0" ]; then fail "$name" "exit $rcv / $rct: $(head -c 300 "$T/err")"
    elif [ "$(wc -l <"$T/same.v")" -lt 2 ]; then fail "$name" "the village's output is too short: $(head -c 300 "$T/same.v")"
    elif cmp -s "$T/same.v" "$T/same.t"; then ok "$name"
    else fail "$name" "differs (< village, > township): $(diff "$T/same.v" "$T/same.t" | head -8)"; fi
}
# rep TABLE LABEL — the count after LABEL (新增 更新 未变 保留 冲突) on TABLE's line of the import
# report in $T/out; TABLE is the table's code (meeting) or its Chinese name.
rep() {
    $PY - "$T/out" "$1" "$2" <<'PY'
import re, sys
path, table, label = sys.argv[1:]
for line in open(path, encoding="utf-8"):
    if re.match(r"\s*" + re.escape(table) + r"(\s|[:：（(]|$)", line):
        m = re.search(re.escape(label) + r"\s*[:：]?\s*(\d+)", line)
        print(m.group(1) if m else "no " + label)
        break
else:
    print("no line for " + table)
PY
}
# report_sum LABEL — LABEL's counts summed over every table line of the report in $T/out
report_sum() {
    $PY - "$T/out" "$1" <<'PY'
import re, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if re.match(r"\s*(合计|总计|日志条目|审后修改)", line): continue   # summary lines
    for m in re.finditer(re.escape(sys.argv[2]) + r"\s*[:：]?\s*(\d+)", line): n += int(m.group(1))
print(n)
PY
}
# counts DB — rows of the main tables, the journal, the imported journal and the amend rows
counts() {
    sql "$1" "select (select count(*) from branch)||' '||(select count(*) from member)||' '||
        (select count(*) from meeting)||' '||(select count(*) from meeting_attendance)||' '||
        (select count(*) from dues_payment)||' '||(select count(*) from dues_allocation)||' '||
        (select count(*) from post)||' '||(select count(*) from post_report)||' '||
        (select count(*) from history)||' '||(select count(*) from journal_import)||' '||
        (select count(*) from amend_request)||' '||(select count(*) from audit_verdict)"
}

# ---- export at the village ----
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a1.zbx"
expect_rc "export: exit 0" 0
if [ -s "$T/a1.zbx" ]; then ok "export: the file written"; else fail "export: the file written" "missing or empty"; fi
expect_eq "export: the format" "$(manifest_value "$T/a1.zbx" format)" "zhibu-bundle 1"
expect_eq "export: a ledger bundle" "$(manifest_value "$T/a1.zbx" kind)" "ledger"
expect_eq "export: the branch's code, name and uuid" \
    "$(manifest_value "$T/a1.zbx" branch_code)|$(manifest_value "$T/a1.zbx" branch_name)|$(manifest_value "$T/a1.zbx" branch_uuid)" \
    "$A|$(sql "$V" "select name from branch where id = $AID")|$AUUID"
# the newest schema version that changed what a bundle carries (14 changed only how the journal
# is stored): a zhibu of schema 13 imports it
expect_eq "export: the schema version (of what it carries)" "$(manifest_value "$T/a1.zbx" schema_version)|$(sql "$V" "pragma user_version")" "13|14"
expect_eq "export: the sender's office" "$(manifest_value "$T/a1.zbx" office_uuid)" "$(sql "$V" "select value from meta where key = 'office_uuid'")"
expect_eq "export: the office's key, fingerprint, kind and name" \
    "$(manifest_value "$T/a1.zbx" office_public_key)|$(manifest_value "$T/a1.zbx" office_fingerprint)|$(manifest_value "$T/a1.zbx" office_kind)|$(manifest_value "$T/a1.zbx" office_name)" \
    "$(sql "$V" "select public_key from office_key")|$VFPR|village|红旗村党支部"
expect_eq "export: a signature (64 bytes as hex)" "$(manifest_value "$T/a1.zbx" signature | tr -d '0-9a-f' | wc -c) $(manifest_value "$T/a1.zbx" signature | wc -c)" "1 129"
expect_eq "export: rows per table (members, meetings, payments, journal)" \
    "$(manifest_value "$T/a1.zbx" rows:member) $(manifest_value "$T/a1.zbx" rows:meeting) $(manifest_value "$T/a1.zbx" rows:dues_payment) $(manifest_value "$T/a1.zbx" rows:journal)" \
    "$(sql "$V" "select (select count(*) from member where branch_id = $AID)||' '||(select count(*) from meeting where branch_id = $AID)||' '||(select count(*) from dues_payment where branch_id = $AID)||' '||(select count(*) from history where branch_id = $AID)")"
expect_eq "export: no verdicts in a ledger bundle" "$(manifest_value "$T/a1.zbx" rows:audit_verdict)" ""
expect_eq "export: the journal's head" "$(manifest_value "$T/a1.zbx" journal_head)" \
    "$(sql "$V" "select hash from history where branch_id = $AID and hash is not null order by id desc limit 1")"
PSHA=$(payload_sha "$T/a1.zbx")
expect_eq "export: the payload's SHA-256 matches the manifest" "$(manifest_value "$T/a1.zbx" payload_sha256)" "$PSHA"
if [ "$(sqlro "$T/a1.zbx" "select sum(length(data)) from payload")" -gt 1000 ] 2>/dev/null; then ok "export: a payload"
else fail "export: a payload" "$(sqlro "$T/a1.zbx" "select count(*), sum(length(data)) from payload")"; fi
# never overwrites a file
cp "$T/a1.zbx" "$T/a1.keep"
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a1.zbx"
expect_rc "export over an existing file: refused (exit 1)" 1
expect_contains "export over an existing file: the message" "$T/err" "已存在（不会覆盖）"
if cmp -s "$T/a1.zbx" "$T/a1.keep"; then ok "export over an existing file: the file untouched"; else fail "export over an existing file: the file untouched" "changed"; fi
for b in "$B" "$C"; do
    run_zhibu bundle export --db "$V" --branch "$b" --out "$T/$b.zbx"
    expect_rc "export of $b: exit 0" 0
done

# ---- the township: round trip of one branch ----
run_zhibu init --test --db "$TW" --password-file "$PW" --office township --office-name 红旗镇党委
expect_rc "init --office township" 0
expect_eq "a township's database" "$(sql "$TW" "select value from meta where key = 'office_kind'")" "township"
TFPR=$("$ZHIBU" office show --db "$TW" | sed -n 's/^指纹：//p')
run_zhibu bundle import --db "$TW" --trust "$VFPR" "$T/a1.zbx"
expect_rc "import into the empty township: exit 0" 0
cp "$T/out" "$T/import1.txt"
expect_contains "import: the report names the branch" "$T/import1.txt" "$A"
expect_eq "import: members all new" "$(rep member 新增)" "$(sql "$V" "select count(*) from member where branch_id = $AID")"
expect_eq "import: meetings all new" "$(rep meeting 新增)" "$(sql "$V" "select count(*) from meeting where branch_id = $AID")"
expect_eq "import: nothing updated, kept or in conflict" "$(report_sum 更新) $(report_sum 保留) $(report_sum 冲突)" "0 0 0"
expect_eq "import: the branch here with its uuid, no parent" \
    "$(sql "$TW" "select code||'|'||uuid||'|'||ifnull(parent_id, 'null') from branch")" "$A|$AUUID|null"
expect_eq "import: the journal's entries kept as they were" \
    "$(sql "$TW" "select count(*) from journal_import")" "$(sql "$V" "select count(*) from history where branch_id = $AID")"
expect_eq "import: recorded in bundle_log" "$(sql "$TW" "select kind||'|'||payload_sha256 from bundle_log")" "ledger|$PSHA"
expect_contains "import: the sender registered (the last line)" "$T/import1.txt" "已登记支部 $A 的台账单位：村（社区）支部“红旗村党支部”，指纹 $VFPR"
expect_eq "import: the village registered as the branch's ledger office" \
    "$(sql "$TW" "select b.code||'|'||p.role||'|'||p.office_name||'|'||p.fingerprint from office_peer p join branch b on b.id = p.branch_id")" \
    "$A|ledger|红旗村党支部|$VFPR"
same "round trip: list members" list members --branch "$A" --format csv
same "round trip: list meetings (voided ones too)" list meetings --branch "$A" --include-voided --format csv
same "round trip: list dues 2025" list dues --year 2025 --branch "$A" --format csv
same "round trip: list dues 2026" list dues --year 2026 --branch "$A" --format csv
same "round trip: list posts" list posts --branch "$A" --format csv
same "round trip: audit 2026-10" audit --branch "$A" --month 2026-10 --format csv
same "round trip: audit 2026-06" audit --branch "$A" --month 2026-06 --format csv
same "round trip: audit 2026-10 as text" audit --branch "$A" --month 2026-10 --format text
run_zhibu verify --db "$TW"
expect_rc "round trip: verify the township: exit 0" 0
expect_eq "round trip: verify the township: 完整" "$(head -1 "$T/out")" "完整"
run_zhibu verify --db "$TW" --branch "$A"
expect_rc "round trip: verify the imported branch: exit 0" 0
expect_eq "round trip: verify the imported branch: 完整" "$(head -1 "$T/out")" "完整"
# the imported chain is really checked: an imported entry rewritten is found
cp "$TW" "$T/tamper.db"
JID=$(sql "$T/tamper.db" "select id from journal_import where table_name = 'meeting' and new_json is not null order by id limit 1 offset 5")
sql "$T/tamper.db" "update journal_import set new_json = json_set(new_json, '$.place', '别处') where id = $JID"
run_zhibu verify --db "$T/tamper.db" --branch "$A"
expect_rc "an imported journal entry rewritten: verify --branch exit 1" 1
expect_eq "an imported journal entry rewritten: 不完整" "$(tail -1 "$T/out" | grep -c '^不完整')" "1"

# ---- the same bundle twice ----
BEFORE=$(counts "$TW")
run_zhibu bundle import --db "$TW" "$T/a1.zbx"
expect_rc "the same bundle again: exit 0" 0
expect_eq "the same bundle again: nothing new, updated, kept or in conflict" \
    "$(report_sum 新增) $(report_sum 更新) $(report_sum 保留) $(report_sum 冲突)" "0 0 0 0"
expect_eq "the same bundle again: members all 未变" "$(rep member 未变)" "$(sql "$V" "select count(*) from member where branch_id = $AID")"
expect_eq "the same bundle again: no rows added, the journal unchanged" "$(counts "$TW")" "$BEFORE"

# ---- three villages into one township ----
for b in "$B" "$C"; do
    run_zhibu bundle import --db "$TW" --trust "$VFPR" "$T/$b.zbx"
    expect_rc "import of $b: exit 0" 0
done
expect_eq "three branches in the township" "$(sql "$TW" "select group_concat(code, ' ') from (select code from branch order by code)")" "$A $B $C"
run_zhibu audit --db "$V" --month 2026-10 --format csv
{ head -1 "$T/out"; grep -E "^($A|$B|$C)," "$T/out"; } >"$T/audit.v"
run_zhibu audit --db "$TW" --month 2026-10 --format csv
expect_rc "the township's audit of 2026-10" 0
if cmp -s "$T/out" "$T/audit.v"; then ok "the township's audit of the three branches equals the village's"
else fail "the township's audit of the three branches equals the village's" "$(diff "$T/audit.v" "$T/out" | head -8)"; fi
same "three villages: $B's members" list members --branch "$B" --format csv
same "three villages: $C's meetings" list meetings --branch "$C" --format csv
run_zhibu verify --db "$TW"
expect_rc "three villages: verify the township: exit 0" 0

# ---- the township reviews October: 需整改 on 三会一课 of the first branch ----
run_zhibu user add --db "$TW" --as admin --as-password-file "$PW" --login shencha --name 镇审查员 \
    --role reviewer --password-file "$PW"
expect_rc "the township's reviewer account" 0
DB=$TW
login_as shencha
run_script review 100x30 <<'KEYS'
5
<Home><Enter>
:dump twtable.txt
<Enter>
:dump twbranch.txt
v
<Down><Enter>
会议记录须补齐<Enter>
<Enter>
:dump twverdict.txt
KEYS
expect_contains "the township's review table lists the branches" "$T/twtable.txt" "2026年10月 月审：3 个支部"
expect_eq "the township's verdict stored" \
    "$(sql "$TW" "select b.code||'|'||v.month||'|'||v.item||'|'||v.verdict||'|'||v.deadline from audit_verdict v join branch b on b.id = v.branch_id")" \
    "$A|2026-10|meetings|rectify|2026-12-21"

# ---- the village changes an October meeting (through the interface) and re-exports ----
DB=$V
login_demo shuji
run_script edit 100x30 <<'KEYS'
1
<Down><Down><Down><Down><Down><Enter>
<BTab><BTab><BTab><BTab><BTab><C-u>村委会三楼会议室
<F2>
KEYS
MUUID=$(sql "$V" "select uuid from meeting where branch_id = $AID and date = '2026-10-25' and place = '村委会三楼会议室'")
if [ -n "$MUUID" ]; then ok "the village edits the 2026-10-25 meeting's place"
else fail "the village edits the 2026-10-25 meeting's place" "not stored: $(tail -3 "$T/out")"; fi
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a2.zbx"
expect_rc "re-export after the change: exit 0" 0
EXPAT=$(manifest_value "$T/a2.zbx" exported_at)
AMENDS=$(sql "$TW" "select count(*) from amend_request")
run_zhibu bundle import --db "$TW" "$T/a2.zbx"
expect_rc "the newer bundle: exit 0" 0
cp "$T/out" "$T/import2.txt"
expect_eq "the newer bundle: meetings 更新 1" "$(rep meeting 更新)" "1"
expect_contains "the newer bundle: the report counts the 审后修改 mark" "$T/import2.txt" "审后修改标记：1"
expect_eq "the newer bundle: nothing else updated, kept or in conflict" "$(report_sum 更新) $(report_sum 保留) $(report_sum 冲突)" "1 0 0"
expect_eq "the newer bundle: the place changed in the township" \
    "$(sql "$TW" "select place from meeting where uuid = '$MUUID'")" "村委会三楼会议室"
same "the newer bundle: list meetings as the village's" list meetings --branch "$A" --format csv
expect_eq "the newer bundle: one amend row (审后修改) for the reviewed month" \
    "$(sql "$TW" "select count(*) - $AMENDS from amend_request")|$(sql "$TW" "select month||'|'||table_name||'|'||row_uuid||'|'||reason from amend_request order by id desc limit 1")" \
    "1|2026-10|meeting|$MUUID|导入时发现：评审后支部修改了该记录（包 $EXPAT）"
expect_eq "the newer bundle: the township's verdict kept" "$(sql "$TW" "select count(*) from audit_verdict where verdict = 'rectify'")" "1"
run_zhibu verify --db "$TW" --branch "$A"
expect_rc "the newer bundle: verify the branch: exit 0" 0
DB=$TW
login_as shencha
run_script amended 100x30 <<'KEYS'
5
<Home><Enter>
:dump twtable2.txt
KEYS
grep -a "^$(sql "$V" "select name from branch where id = $AID")" "$T/twtable2.txt" >"$T/twrow.txt"
expect_contains "the review table marks the branch 改1" "$T/twrow.txt" "改1"

# ---- an older bundle after a newer one; the newer twice ----
BEFORE=$(counts "$TW")
run_zhibu list meetings --db "$TW" --branch "$A" --include-voided --format csv
cp "$T/out" "$T/meetings.newer"
run_zhibu bundle import --db "$TW" "$T/a1.zbx"
expect_rc "the older bundle after the newer: exit 0" 0
expect_eq "the older bundle: the changed meeting 保留" "$(rep meeting 保留)" "1"
expect_eq "the older bundle: nothing new or updated" "$(report_sum 新增) $(report_sum 更新)" "0 0"
expect_eq "the older bundle: the place stays the newer" "$(sql "$TW" "select place from meeting where uuid = '$MUUID'")" "村委会三楼会议室"
run_zhibu list meetings --db "$TW" --branch "$A" --include-voided --format csv
if cmp -s "$T/out" "$T/meetings.newer"; then ok "the older bundle: list meetings unchanged"; else fail "the older bundle: list meetings unchanged" "$(diff "$T/meetings.newer" "$T/out" | head -6)"; fi
expect_eq "the older bundle: no rows, journal entries or amend rows added" "$(counts "$TW")" "$BEFORE"
run_zhibu bundle import --db "$TW" "$T/a2.zbx"
expect_rc "the newer bundle again: exit 0" 0
expect_eq "the newer bundle again: all 未变" "$(report_sum 新增) $(report_sum 更新) $(report_sum 保留) $(report_sum 冲突)" "0 0 0 0"
expect_eq "the newer bundle again: nothing added (no second amend row)" "$(counts "$TW")" "$BEFORE"

# ---- verdicts travel back ----
run_zhibu bundle export --db "$TW" --branch "$A" --verdicts --out "$T/v1.zbx"
expect_rc "verdicts export: exit 0" 0
expect_eq "verdicts export: the kind" "$(manifest_value "$T/v1.zbx" kind)" "verdicts"
expect_eq "verdicts export: one verdict, one order, no members" \
    "$(manifest_value "$T/v1.zbx" rows:audit_verdict)|$(manifest_value "$T/v1.zbx" rows:rectification)|$(manifest_value "$T/v1.zbx" rows:member)" "1|1|"
run_zhibu list meetings --db "$V" --branch "$A" --include-voided --format csv
cp "$T/out" "$T/vmeetings.before"
run_zhibu list members --db "$V" --branch "$A" --format csv
cp "$T/out" "$T/vmembers.before"
run_zhibu bundle import --db "$V" --trust "$TFPR" "$T/v1.zbx"
expect_rc "verdicts import at the village: exit 0" 0
expect_eq "verdicts import: the township registered as the branch's reviewing office" \
    "$(sql "$V" "select b.code||'|'||p.role||'|'||p.office_kind||'|'||p.fingerprint from office_peer p join branch b on b.id = p.branch_id")" \
    "$A|reviewer|township|$TFPR"
expect_eq "verdicts import: the verdict 新增 1" "$(rep audit_verdict 新增)" "1"
expect_eq "verdicts import: the verdict at the village, the same row" \
    "$(sql "$V" "select uuid||'|'||month||'|'||item||'|'||verdict||'|'||deadline from audit_verdict where branch_id = $AID")" \
    "$(sql "$TW" "select uuid||'|'||month||'|'||item||'|'||verdict||'|'||deadline from audit_verdict")"
expect_eq "verdicts import: the order open at the village" \
    "$(sql "$V" "select status||'|'||order_text from rectification where branch_id = $AID")" "open|会议记录须补齐"
expect_eq "verdicts import: the verdict brings the engine's result it was given on, the order its problem" \
    "$(sql "$V" "select v.engine_json||'|'||(select problem from rectification where branch_id = $AID) from audit_verdict v where branch_id = $AID")" \
    "$(sql "$TW" "select v.engine_json||'|'||(select problem from rectification) from audit_verdict v")"
expect_eq "verdicts import: what was kept is not empty" \
    "$(sql "$V" "select json_extract(engine_json, '\$.score') is not null, (select problem <> '' from rectification where branch_id = $AID) from audit_verdict where branch_id = $AID")" "1|1"
run_zhibu list meetings --db "$V" --branch "$A" --include-voided --format csv
if cmp -s "$T/out" "$T/vmeetings.before"; then ok "verdicts import: the village's meetings untouched"; else fail "verdicts import: the village's meetings untouched" "changed"; fi
run_zhibu list members --db "$V" --branch "$A" --format csv
if cmp -s "$T/out" "$T/vmembers.before"; then ok "verdicts import: the village's members untouched"; else fail "verdicts import: the village's members untouched" "changed"; fi
run_zhibu verify --db "$V"
expect_rc "verdicts import: verify the village: exit 0" 0
BEFORE=$(counts "$V")
run_zhibu bundle import --db "$V" "$T/v1.zbx"
expect_rc "verdicts bundle twice: exit 0" 0
expect_eq "verdicts bundle twice: nothing new or updated" "$(report_sum 新增) $(report_sum 更新)" "0 0"
expect_eq "verdicts bundle twice: nothing added" "$(counts "$V")" "$BEFORE"
DB=$V
login_demo shuji
run_script home 100x30 <<'KEYS'
:dump vhome.txt
KEYS
expect_contains "the village's home screen shows the order" "$T/vhome.txt" "整改 2026-10 三会一课：会议记录须补齐（期限 2026-12-21）"

# ---- bad input: refused, exit 1, one line, the database byte for byte unchanged ----
# refused NAME DB FILE MESSAGE [FINGERPRINT] — `bundle import` of FILE into DB (with --trust
# FINGERPRINT when given); MESSAGE an extended regexp
refused() {
    sqlite3 "$2" 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
    before=$(dbsum "$2")
    if [ -n "${5:-}" ]; then run_zhibu bundle import --db "$2" --trust "$5" "$3"
    else run_zhibu bundle import --db "$2" "$3"; fi
    expect_rc "$1: exit 1" 1
    if grep -qE -- "$4" "$T/err"; then ok "$1: the message"; else fail "$1: the message" "stderr [$(head -c 300 "$T/err")] lacks /$4/"; fi
    expect_eq "$1: one line" "$(wc -l <"$T/err")" "1"
    expect_eq "$1: the database byte for byte unchanged" "$(dbsum "$2")" "$before"
}
SIZE=$(wc -c <"$T/a1.zbx")
head -c $((SIZE / 2)) "$T/a1.zbx" >"$T/truncated.zbx"
refused "a truncated bundle" "$TW" "$T/truncated.zbx" "交换包已损坏|交换包内容与校验值不符"
head -c $((SIZE - 1000)) "$T/a1.zbx" >"$T/short.zbx"
refused "a bundle short of its last 1000 bytes" "$TW" "$T/short.zbx" "交换包已损坏|交换包内容与校验值不符"
# one byte flipped inside the payload blob, found in the file by its own bytes
FLIP=$($PY - "$T/a1.zbx" "$T/flipped.zbx" <<'PY'
import sqlite3, sys
src, dst = sys.argv[1:]
con = sqlite3.connect("file:%s?mode=ro" % src, uri=True)
blob = b"".join(r[0] for r in con.execute("select data from payload order by id"))
con.close()
data = bytearray(open(src, "rb").read())
for start in range(len(blob) // 2, len(blob) - 32, 97):
    probe = blob[start:start + 32]
    at = data.find(probe)
    if at > 0 and data.find(probe, at + 1) < 0:
        data[at + 16] ^= 0x20
        open(dst, "wb").write(data)
        print(at + 16)
        break
PY
)
if [ -n "$FLIP" ]; then ok "a byte of the payload flipped (offset $FLIP)"; else fail "a byte of the payload flipped" "the payload's bytes not found in the file"; fi
expect_eq "the flipped bundle is still a sound SQLite file" "$(sqlro "$T/flipped.zbx" "pragma integrity_check")" "ok"
refused "a flipped byte in the payload" "$TW" "$T/flipped.zbx" "交换包内容与校验值不符"
sqlite3 "$T/plain.db" "create table notes(x); insert into notes values ('这不是交换包')"
refused "a plain SQLite file" "$TW" "$T/plain.db" "不是 zhibu 交换包"
refused "a zhibu database given as a bundle" "$TW" "$T/tamper.db" "不是 zhibu 交换包"
printf '这不是交换包，只是一段文字。\n%.0s' $(seq 1 50) >"$T/notes.zbx"
refused "a text file" "$TW" "$T/notes.zbx" "不是 zhibu 交换包"
cp "$T/a1.zbx" "$T/newer.zbx"
sql "$T/newer.zbx" "update manifest set value = '99' where key = 'schema_version'"
expect_eq "the newer-schema bundle's payload still matches its hash" "$(payload_sha "$T/newer.zbx")" "$(manifest_value "$T/newer.zbx" payload_sha256)"
refused "a bundle from a newer schema" "$TW" "$T/newer.zbx" "交换包来自更新版本的 zhibu（数据库版本 99）"
cp "$T/a1.zbx" "$T/nomanifest.zbx"
sql "$T/nomanifest.zbx" "drop table manifest"
refused "a bundle without its manifest" "$TW" "$T/nomanifest.zbx" "不是 zhibu 交换包"
: >"$T/empty.zbx"
refused "a zero-byte file" "$TW" "$T/empty.zbx" "文件为空"
refused "a missing file" "$TW" "$T/nosuch.zbx" "找不到交换包 .*nosuch.zbx"
if [ -e "$T/nosuch.zbx" ]; then fail "a missing file: not created" "it was"; else ok "a missing file: not created"; fi
# a verdicts bundle for a branch the database does not have
run_zhibu init --test --db "$T/empty-village.db" --password-file "$PW" --office village
refused "verdicts for a branch not here" "$T/empty-village.db" "$T/v1.zbx" "本数据库没有支部 $A，审查结论无处可放" "$TFPR"

# a village database of its own branch (made as on a fresh install), code 1101010001
W=$T/other-village.db
run_zhibu init --test --db "$W" --password-file "$PW" --office village
expect_rc "init --office village" 0
DB=$W
login_as admin
run_script wsetup 80x24 <<'KEYS'
6
1101010001<Tab>红旗村党支部<Tab><Tab>15
<F2>
KEYS
expect_eq "the other village has its one branch" "$(sql "$W" "select code from branch")" "1101010001"
OTHER=$(sql "$V" "select code from branch where code <> '1101010001' and code in ('$A', '$B', '$C') order by code limit 1")
refused "a bundle of branch $OTHER into the village of 1101010001" "$W" "$T/$OTHER.zbx" "这是村（社区）支部的数据库，只能导入本支部的台账" "$VFPR"
# and the other way: that village's ledger (the same code as the township's $A, another branch)
run_zhibu bundle export --db "$W" --branch 1101010001 --out "$T/w.zbx"
expect_rc "the other village exports its ledger" 0
WFPR=$("$ZHIBU" office show --db "$W" | sed -n 's/^指纹：//p')
if [ "$A" = 1101010001 ]; then
    refused "the township: a bundle of another branch with a code it has" "$TW" "$T/w.zbx" "本数据库已有组织代码 1101010001 的另一个支部" "$WFPR"
    refused "a bundle of another branch with the same code" "$W" "$T/a1.zbx" "本数据库已有组织代码 1101010001 的另一个支部" "$VFPR"
    refused "a verdicts bundle of another branch with the same code" "$W" "$T/v1.zbx" "本数据库已有组织代码 1101010001 的另一个支部" "$TFPR"
fi

# a real ledger (made without --test) never takes a test or demo database's bundle: their clock
# could be set at will (ZHIBU_TODAY / ZHIBU_NOW), so their entry times prove nothing; the mark is
# in the signed manifest, so it cannot be taken out either
expect_eq "the demo's bundle says it comes from a test database" "$(manifest_value "$T/a1.zbx" office_test)" "1"
run_zhibu init --db "$T/real-township.db" --password-file "$PW" --office township
expect_rc "a real township (no --test)" 0
refused "a demo's ledger into a real township" "$T/real-township.db" "$T/a1.zbx" \
    "^zhibu bundle: 交换包来自测试或演示数据库（其日期时间可以随意设定），真实台账不能导入$" "$(manifest_value "$T/a1.zbx" office_fingerprint)"
cp "$T/a1.zbx" "$T/untested.zbx"
sql "$T/untested.zbx" "delete from manifest where key = 'office_test'"
"$FORGE_BIN" resign "$T/untested.zbx" "$V" >/dev/null
refused "the test mark taken out and the bundle signed again" "$T/real-township.db" "$T/untested.zbx" \
    "真实台账不能导入" "$(manifest_value "$T/a1.zbx" office_fingerprint)"
expect_eq "the real township took nothing" "$(sql "$T/real-township.db" "select count(*) from branch")" "0"
run_zhibu office show --db "$T/real-township.db"
expect_contains "a real township's office" "$T/out" "类型：乡镇"

# ---- usage errors: exit 2, nothing written ----
run_zhibu bundle
expect_rc "bundle without a command: exit 2" 2
run_zhibu bundle frobnicate --db "$TW"
expect_rc "an unknown bundle command: exit 2" 2
run_zhibu bundle export --db "$V" --out "$T/nobranch.zbx"
expect_rc "export without --branch: exit 2" 2
run_zhibu bundle export --db "$V" --branch "$A"
expect_rc "export without --out: exit 2" 2
run_zhibu bundle export --db "$V" --branch 9999999999 --out "$T/unknown.zbx"
expect_rc "export of an unknown branch: exit 2" 2
expect_contains "export of an unknown branch: the message" "$T/err" "没有组织代码为 9999999999 的支部"
for f in nobranch unknown; do
    if [ -e "$T/$f.zbx" ]; then fail "$f: no file written" "it was"; fi
done
run_zhibu bundle import --db "$TW"
expect_rc "import without a file: exit 2" 2
run_zhibu bundle import --db "$TW" "$T/a1.zbx" "$T/a2.zbx"
expect_rc "import of two files at once: exit 2" 2
run_zhibu bundle import --db "$TW" --frobnicate "$T/a1.zbx"
expect_rc "import with an unknown option: exit 2" 2
expect_eq "an unknown option: one line" "$(wc -l <"$T/err")" "1"
run_zhibu bundle --help
expect_rc "bundle --help: exit 0" 0
expect_contains "bundle --help: the usage" "$T/out" "zhibu bundle"
