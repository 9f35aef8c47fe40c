#!/bin/sh
# Evidence that travels (issue 12, holes 7, 8 and 9). The village is a one-branch demo, the
# township an empty `zhibu init --office township`.
# Hole 7: a payment (+1,000 yuan) and a meeting's date changed with the sqlite3 shell at the
# village: its verify fails and `bundle export` refuses, one line; bundles changed after export
# (the rows, the journal entry made to match, the newest entries left out — the payload's hash
# recomputed by tests/forge_bundle.py, so only the content check can tell) are refused by the
# township with one line naming the table and row, its database byte for byte unchanged.
# Hole 8: an office re-importing its own exports, and bundles whose exported_at run backwards
# (the village's clock set a day back), leave verify 完整.
# Hole 9: the newest payment, its allocation and its journal entry deleted together after an
# export: verify names the missing entry (the head sent); the same at the township (the head
# received); the village's records of the heads deleted too: the township's verdicts bring the
# head back; a village chain cut and written again is refused at the next import.
# Last, an honest exchange village → township → village (and the township's copy on to a
# district), twice, the village's clock a day behind the township's: verify 完整 at every office
# after every step.
. "$(dirname "$0")/../lib.sh"
# forge IN OUT DB OP... — rows rewritten inside the bundle (tests/forge_bundle.py recomputes the
# payload's SHA-256), then the manifest signed again with DB's office key (the village's own:
# the forger holds the village's file), so only the content checks can refuse it
forge() {
    /usr/bin/python3 "$ROOT/tests/forge_bundle.py" "$@" && "$FORGE_BIN" resign "$2" "$3" >/dev/null
}
FORGE=forge
# as_village DB — a demo database made a village's (zhibu office kind, as its administrator)
as_village() {
    printf 'demo1234\n' >"$T/demo.pw"
    run_zhibu office kind --db "$1" village --as admin --as-password-file "$T/demo.pw"
    expect_rc "$(basename "$1") is a village's database" 0
}
# options added to every import (e.g. --trust when bundles are signed)
IMPORT_OPTS=${IMPORT_OPTS:-}

V=$T/village.db
TW=$T/township.db
run_zhibu demo --db "$V" --branches 1 --years 1 --seed 1
expect_rc "demo (the village)" 0
# the demo is a township's database: this one plays a village's (it takes verdicts back)
as_village "$V"
A=$(shuji_branch "$V")
AID=$(sql "$V" "select id from branch where code = '$A'")
VOFFICE=$(sql "$V" "select value from meta where key = 'office_uuid'")
run_zhibu init --test --db "$TW" --password-file "$PW" --office township
expect_rc "the township" 0

# ---- helpers ----
# at TIMESTAMP — this office's clock for the commands that follow (ZHIBU_NOW and ZHIBU_TODAY)
at() { export ZHIBU_NOW="$1" ZHIBU_TODAY="${1%%T*}"; }
clock_off() { unset ZHIBU_NOW; export ZHIBU_TODAY=2026-11-21; }
# complete NAME DB — `zhibu verify` exit 0, 完整 first
complete() {
    run_zhibu verify --db "$2"
    if [ "$RC" = 0 ] && [ "$(head -1 "$T/out")" = "完整" ]; then ok "$1: verify 完整"
    else fail "$1: verify 完整" "exit $RC: $(grep -v '^时间倒退' "$T/out" | head -4 | tr '\n' ' ')"; fi
}
# refused NAME DB FILE MESSAGE — `bundle import` of FILE into DB refused: exit 1, stderr one line
# matching MESSAGE (an extended regexp), DB byte for byte unchanged
refused() {
    sqlite3 "$2" 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
    before=$(dbsum "$2")
    run_zhibu bundle import $IMPORT_OPTS $(trust_of "$3") --db "$2" "$3"
    expect_rc "$1: exit 1" 1
    if grep -qE -- "$4" "$T/err"; then ok "$1: the message"; else fail "$1: the message" "stderr [$(head -c 300 "$T/err")] lacks /$4/"; fi
    expect_eq "$1: one line" "$(wc -l <"$T/err")" "1"
    expect_eq "$1: the database byte for byte unchanged" "$(dbsum "$2")" "$before"
}
# pay DB — the secretary records a payment through the interface (党费 → 欠交 → the first
# member owing → F2), as she would on collection day
pay() {
    DB=$1
    login_demo shuji
    run_script pay 100x30 <<'KEYS'
3
a
<Enter>
<F2>
:dump paid.txt
KEYS
}

# ==== hole 7: tampering laundered through a bundle ====
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a1.zbx"
expect_rc "the honest export" 0
PUUID=$(sql "$V" "select uuid from dues_payment where branch_id = $AID order by id desc limit 1")
MUUID=$(sql "$V" "select uuid from meeting where branch_id = $AID and date like '2026-10-%' and voided_at is null order by id limit 1")
P8=$(echo "$PUUID" | cut -c1-8)
M8=$(echo "$MUUID" | cut -c1-8)
if [ -n "$PUUID" ] && [ -n "$MUUID" ]; then ok "a payment and an October meeting to tamper with"
else fail "a payment and an October meeting to tamper with" "[$PUUID] [$MUUID]"; fi

cp "$V" "$T/tampered.db"
sql "$T/tampered.db" "update dues_payment set amount = amount + 100000 where uuid = '$PUUID';
    update meeting set date = '2026-10-09' where uuid = '$MUUID'"
run_zhibu verify --db "$T/tampered.db"
expect_rc "tampered at the village: verify exit 1" 1
expect_contains "tampered at the village: the payment named" "$T/out" "交费记录 $P8 的当前内容与日志不符"
expect_contains "tampered at the village: the meeting named" "$T/out" "会议 $M8 的当前内容与日志不符"
run_zhibu bundle export --db "$T/tampered.db" --branch "$A" --out "$T/tampered.zbx"
expect_rc "tampered at the village: export refused (exit 1)" 1
expect_contains "export refused: what is wrong, how many, the first" "$T/err" "本支部台账校验未通过（2 处问题，首个：会议 $M8 的当前内容与日志不符"
expect_contains "export refused: the township would see it" "$T/err" "导出的交换包会被乡镇发现；请先运行 zhibu verify 查看"
expect_eq "export refused: one line" "$(wc -l <"$T/err")" "1"
expect_eq "export refused: no file written" "$(ls "$T" | grep -c '^tampered\.zbx')" "0"

# bundles changed after the export: the payload's hash recomputed, only the content is wrong
# (+1,000 yuan on the payment and on its first month: a payment any form would take, so that
# only the journal can tell)
AMOUNT=$(sql "$V" "select amount + 100000 from dues_payment where uuid = '$PUUID'")
AMONTH=$(sql "$V" "select min(a.month) from dues_allocation a join dues_payment p on p.id = a.payment_id where p.uuid = '$PUUID'")
AUUID=$(child_uuid dues_allocation "$PUUID" "$AMONTH") # schema 13: no uuid stored (lib.sh)
AAMOUNT=$(sql "$V" "select a.amount + 100000 from dues_allocation a join dues_payment p on p.id = a.payment_id where p.uuid = '$PUUID' and a.month = '$AMONTH'")
$FORGE "$T/a1.zbx" "$T/f-pay.zbx" "$V" "set:dues_payment:$PUUID:amount:$AMOUNT" "set:dues_allocation:$AUUID:amount:$AAMOUNT" >"$T/forge.out"
expect_eq "forged: the payment's amount +1,000 yuan in the bundle" "$(head -1 "$T/forge.out")" "set dues_payment $PUUID amount = $AMOUNT"
expect_eq "forged: the payload still matches its SHA-256" "$(payload_sha "$T/f-pay.zbx")" "$(manifest_value "$T/f-pay.zbx" payload_sha256)"
refused "a payment changed inside the bundle" "$TW" "$T/f-pay.zbx" \
    "^zhibu bundle: 交换包中的交费记录 $P8 与包内日志的最新内容不符（在 zhibu 之外被改动），拒绝导入$"
$FORGE "$T/a1.zbx" "$T/f-meet.zbx" "$V" "set:meeting:$MUUID:date:2026-10-09" >/dev/null
refused "a meeting's date changed inside the bundle" "$TW" "$T/f-meet.zbx" \
    "^zhibu bundle: 交换包中的会议 $M8 与包内日志的最新内容不符（在 zhibu 之外被改动），拒绝导入$"
# the forger makes the journal agree: the entry no longer fits the chain
JUUID=$(sql "$V" "select uuid from history where row_uuid = '$PUUID' order by id desc limit 1")
JID=$(sql "$V" "select id from history where uuid = '$JUUID'")
JNEW=$(sql "$V" "select json_set(new_json, '\$.amount', $AMOUNT, '\$.allocations[0].amount', $AAMOUNT) from history where uuid = '$JUUID'")
$FORGE "$T/a1.zbx" "$T/f-journal.zbx" "$V" "set:dues_payment:$PUUID:amount:$AMOUNT" "set:dues_allocation:$AUUID:amount:$AAMOUNT" "set:journal:$JUUID:new_json:$JNEW" >/dev/null
refused "the payment and its journal entry changed inside the bundle" "$TW" "$T/f-journal.zbx" \
    "^zhibu bundle: 交换包中的日志第 $JID 条（交费记录 [^）]*）与哈希链不符：日志被改动，拒绝导入$"
# the newest entry and its payment left out
LASTJ=$(sql "$V" "select uuid from history where branch_id = $AID order by id desc limit 1")
LASTROW=$(sql "$V" "select row_uuid from history where uuid = '$LASTJ'")
LASTTAB=$(sql "$V" "select table_name from history where uuid = '$LASTJ'")
$FORGE "$T/a1.zbx" "$T/f-short.zbx" "$V" "del:journal:$LASTJ" "del:$LASTTAB:$LASTROW" >/dev/null
refused "the newest entry and its row left out of the bundle" "$TW" "$T/f-short.zbx" \
    "^zhibu bundle: 交换包中的日志与清单记录的链头不符（末尾的日志被删除或改动），拒绝导入$"
expect_eq "nothing of the forged bundles reached the township" "$(sql "$TW" "select count(*) from branch")" "0"

# the honest bundle goes through
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/a1.zbx") --db "$TW" "$T/a1.zbx"
expect_rc "the honest bundle: imported" 0
complete "the honest bundle at the township" "$TW"
expect_eq "the township recorded the head received" \
    "$(sql "$TW" "select direction||' '||office_uuid||' '||hash from journal_head")" \
    "received $VOFFICE $(manifest_value "$T/a1.zbx" journal_head)"
expect_eq "the village recorded the head sent" \
    "$(sql "$V" "select direction||' '||entry_id||' '||hash||' '||bundle_uuid from journal_head")" \
    "sent $(sql "$V" "select max(id) from history where branch_id = $AID") $(manifest_value "$T/a1.zbx" journal_head) $(manifest_value "$T/a1.zbx" bundle_uuid)"
refused "the forged payment after the honest bundle" "$TW" "$T/f-pay.zbx" "交换包中的交费记录 $P8 与包内日志的最新内容不符"

# ==== hole 9: tail truncation ====
pay "$V"
expect_contains "a payment at the village" "$T/paid.txt" "已登记："
HID=$(sql "$V" "select max(id) from history where branch_id = $AID")
expect_eq "the payment's entry is the newest of the branch's chain" "$(sql "$V" "select table_name||' '||action from history where id = $HID")" "dues_payment insert"
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a2.zbx"
expect_rc "the export after the payment" 0
HEAD=$(manifest_value "$T/a2.zbx" journal_head)
H8=$(echo "$HEAD" | cut -c1-8)
# cut DB — the newest payment, its allocations and its journal entry deleted together
cut_tail() {
    sql "$1" "delete from dues_allocation where payment_id = (select max(id) from dues_payment);
        delete from dues_payment where id = (select max(id) from dues_payment);
        delete from history where id = $HID"
}
cp "$V" "$T/cut.db"
cut_tail "$T/cut.db"
run_zhibu verify --db "$T/cut.db"
expect_rc "cut after the export: verify exit 1" 1
expect_contains "cut after the export: the missing entry named with the head sent" "$T/out" \
    "日志缺少第 $HID 条（已随交换包发出的链头 $H8）：最新的日志连同记录被删除"
expect_contains "cut after the export: one problem" "$T/out" "发现 1 个问题"
run_zhibu verify --db "$T/cut.db" --branch "$A"
expect_rc "cut after the export: verify --branch exit 1" 1
run_zhibu bundle export --db "$T/cut.db" --branch "$A" --out "$T/cut.zbx"
expect_rc "cut after the export: export refused" 1

# the township: the head received
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/a2.zbx") --db "$TW" "$T/a2.zbx"
expect_rc "the township imports the newer bundle" 0
complete "the township with the newer bundle" "$TW"
cp "$TW" "$T/tw-cut.db"
sql "$T/tw-cut.db" "delete from journal_import where origin_office = '$VOFFICE' and origin_id = $HID"
run_zhibu verify --db "$T/tw-cut.db"
expect_rc "the township's copy cut: verify exit 1" 1
expect_contains "the township's copy cut: the missing entries named" "$T/out" \
    "来自其他单位（$(echo "$VOFFICE" | cut -c1-8)）的日志缺少第 "
expect_contains "the township's copy cut: with the head received" "$T/out" "已从交换包收到的链头 $H8）"

# the village deletes its records of the heads as well: nothing left to compare with ...
sql "$T/cut.db" "delete from journal_head"
run_zhibu verify --db "$T/cut.db"
expect_rc "cut and the heads deleted: verify cannot tell (exit 0)" 0
# ... until the township's verdicts come back with the head it received
run_zhibu bundle export --db "$TW" --branch "$A" --verdicts --out "$T/v2.zbx"
expect_rc "the township's verdicts" 0
expect_eq "the verdicts carry the head the township received from the village" \
    "$(manifest_value "$T/v2.zbx" "received_head:$VOFFICE")" "$HID $HEAD"
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/v2.zbx") --db "$T/cut.db" "$T/v2.zbx"
expect_rc "the verdicts imported at the cut village" 0
run_zhibu verify --db "$T/cut.db"
expect_rc "the cut village after the verdicts: verify exit 1" 1
# (the import registered the township in the journal, so entry $HID exists again with other
# content: the chain was cut and written again)
expect_contains "the cut village after the verdicts: the entry named" "$T/out" \
    "日志第 $HID 条与乡镇已收到的链头 $H8 不符：原来的日志被删除后又写入了别的内容"
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/v2.zbx") --db "$V" "$T/v2.zbx"
expect_rc "the same verdicts at the honest village" 0
complete "the honest village after the verdicts" "$V"

# the chain cut and written again (the heads' records deleted, so that the village's own verify
# and export let it through): the township refuses the next bundle
pay "$T/cut.db"
expect_contains "the cut village writes again" "$T/paid.txt" "已登记："
sql "$T/cut.db" "delete from journal_head"
run_zhibu bundle export --db "$T/cut.db" --branch "$A" --out "$T/regrown.zbx"
expect_rc "the cut village exports again" 0
refused "a chain cut and written again" "$TW" "$T/regrown.zbx" \
    "^zhibu bundle: 交换包中的日志第 $HID 条与此前收到的链头 $H8 不符：支部的日志被删减或改写过，拒绝导入$"

# ==== hole 8: no false alarms ====
run_zhibu bundle export --db "$TW" --branch "$A" --out "$T/tw-ledger.zbx"
expect_rc "the township exports the branch's ledger" 0
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/tw-ledger.zbx") --db "$TW" "$T/tw-ledger.zbx"
expect_rc "the township re-imports its own ledger export" 0
complete "the township after re-importing its own ledger" "$TW"
run_zhibu bundle export --db "$TW" --branch "$A" --verdicts --out "$T/tw-verdicts.zbx"
expect_rc "the township exports the branch's verdicts" 0
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/tw-verdicts.zbx") --db "$TW" "$T/tw-verdicts.zbx"
expect_rc "the township re-imports its own verdicts export" 0
complete "the township after re-importing its own verdicts" "$TW"
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/a1.zbx") --db "$V" "$T/a1.zbx"
expect_rc "the village re-imports its own ledger export" 0
complete "the village after re-importing its own ledger" "$V"

# the village's clock set a day back between two exports: exported_at runs backwards
V2=$T/village2.db
TW2=$T/township2.db
run_zhibu demo --db "$V2" --branches 1 --years 1 --seed 2
as_village "$V2"
A2=$(shuji_branch "$V2")
at 2026-11-21T10:00:00Z
run_zhibu bundle export --db "$V2" --branch "$A2" --out "$T/b1.zbx"
expect_rc "clock back: the first export" 0
at 2026-11-20T10:00:00Z
pay "$V2"
expect_contains "clock back: a payment a day earlier" "$T/paid.txt" "已登记："
PAYJ=$(sql "$V2" "select max(id) from history where table_name = 'dues_payment'")
PREVJ=$(sql "$V2" "select max(id) from history where branch_id = (select branch_id from history where id = $PAYJ) and id < $PAYJ")
at 2026-11-20T10:05:00Z
run_zhibu bundle export --db "$V2" --branch "$A2" --out "$T/b2.zbx"
expect_rc "clock back: the second export" 0
if [ "$(manifest_value "$T/b2.zbx" exported_at)" \< "$(manifest_value "$T/b1.zbx" exported_at)" ]; then ok "clock back: the newer bundle says it was exported earlier"
else fail "clock back: the newer bundle says it was exported earlier" "$(manifest_value "$T/b1.zbx" exported_at) / $(manifest_value "$T/b2.zbx" exported_at)"; fi
run_zhibu verify --db "$V2"
expect_rc "clock back: the village's verify exit 0" 0
expect_contains "clock back: the village warns 时间倒退 for the payment" "$T/out" "时间倒退：日志第 $PAYJ 条（交费记录 新增）记于 2026-11-20 10:00:00，早于同一链上前一条（第 $PREVJ 条）"
run_zhibu init --test --db "$TW2" --password-file "$PW" --office township
at 2026-11-21T11:00:00Z
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/b1.zbx") --db "$TW2" "$T/b1.zbx"
expect_rc "clock back: the township imports the first" 0
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/b2.zbx") --db "$TW2" "$T/b2.zbx"
expect_rc "clock back: the township imports the second" 0
complete "clock back: the township" "$TW2"
expect_contains "clock back: the township sees the village's clock went back" "$T/out" \
    "时间倒退：来自其他单位（$(sql "$V2" "select substr(value, 1, 8) from meta where key = 'office_uuid'")）的日志第 $PAYJ 条（交费记录 新增）记于 2026-11-20 10:00:00"
run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/b1.zbx") --db "$TW2" "$T/b1.zbx"
expect_rc "clock back: the first again after the second" 0
complete "clock back: the township, the first bundle again" "$TW2"
clock_off

# ==== an honest exchange, twice, the village's clock a day behind the township's ====
V3=$T/v3.db
T3=$T/t3.db
D3=$T/d3.db
at 2026-11-20T08:00:00Z
run_zhibu demo --db "$V3" --branches 1 --years 1 --seed 3
as_village "$V3"
expect_rc "three offices: the village" 0
A3=$(shuji_branch "$V3")
complete "three offices: the village at the start" "$V3"
at 2026-11-21T08:00:00Z
run_zhibu init --test --db "$T3" --password-file "$PW" --office township
run_zhibu user add --db "$T3" --as admin --as-password-file "$PW" --login shencha --name 镇审查员 \
    --role reviewer --password-file "$PW"
run_zhibu init --test --db "$D3" --password-file "$PW" --office township
for round in 1 2; do
    at 2026-11-20T0${round}:10:00Z
    if [ "$round" = 2 ]; then
        pay "$V3"
        expect_contains "three offices, round 2: a payment at the village" "$T/paid.txt" "已登记："
        complete "three offices, round 2: the village after the payment" "$V3"
    fi
    run_zhibu bundle export --db "$V3" --branch "$A3" --out "$T/x3-l$round.zbx"
    expect_rc "three offices, round $round: the village exports" 0
    complete "three offices, round $round: the village after the export" "$V3"
    at 2026-11-21T0${round}:20:00Z
    run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/x3-l$round.zbx") --db "$T3" "$T/x3-l$round.zbx"
    expect_rc "three offices, round $round: the township imports" 0
    complete "three offices, round $round: the township after the import" "$T3"
    if [ "$round" = 1 ]; then
        DB=$T3
        login_as shencha
        run_script review 100x30 <<'KEYS'
5
<Home><Enter>
<Enter>
v
<Down><Enter>
会议记录须补齐<Enter>
<Enter>
KEYS
        expect_eq "three offices, round 1: the township's verdict" \
            "$(sql "$T3" "select count(*) from audit_verdict where verdict = 'rectify'")" "1"
        complete "three offices, round 1: the township after the review" "$T3"
    fi
    at 2026-11-21T0${round}:30:00Z
    run_zhibu bundle export --db "$T3" --branch "$A3" --verdicts --out "$T/x3-v$round.zbx"
    expect_rc "three offices, round $round: the township exports the verdicts" 0
    run_zhibu bundle export --db "$T3" --branch "$A3" --out "$T/x3-tl$round.zbx"
    expect_rc "three offices, round $round: the township exports its copy of the ledger" 0
    complete "three offices, round $round: the township after the exports" "$T3"
    at 2026-11-21T0${round}:40:00Z
    run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/x3-tl$round.zbx") --db "$D3" "$T/x3-tl$round.zbx"
    expect_rc "three offices, round $round: the district imports the township's copy" 0
    complete "three offices, round $round: the district" "$D3"
    at 2026-11-20T0${round}:50:00Z
    run_zhibu bundle import $IMPORT_OPTS $(trust_of "$T/x3-v$round.zbx") --db "$V3" "$T/x3-v$round.zbx"
    expect_rc "three offices, round $round: the village imports the verdicts" 0
    complete "three offices, round $round: the village after the verdicts" "$V3"
done
expect_eq "three offices: the village holds the township's verdict" \
    "$(sql "$V3" "select count(*) from audit_verdict where verdict = 'rectify'")" "1"
expect_eq "three offices: the township received both heads of the village" \
    "$(sql "$T3" "select count(*) from journal_head where direction = 'received'")" "2"
clock_off
