#!/bin/sh
# The district's bundles (issue 18, store_exchange.h): a township's month bundle for the district
# (zhibu bundle export --month M --for-district) imported at the district, and the district's
# bundle back to a township (--for-township CODE).
# Round trip village → township → district → township: the village's ledger, the township's
# 需整改 verdict and order at the district, the branch assigned to the township; the district's
# verdict with a finding sent back and a spot check at the township afterwards; verify 完整 at
# every office. Re-imports change nothing (内容未变); an older month bundle after a newer one
# rolls nothing back. The district's spot check goes on to the village with the township's
# verdicts, and never back up in the township's next month bundle.
# Refused, exit 1, one line, the database byte for byte unchanged: a month bundle with a branch
# another township already owns; from a township not registered; one whose verdicts part carries
# district_verdict rows, spot_check rows or another table's (forged, re-signed with the
# township's own key); a tampered part, a part left out or added, a truncated file; a
# manifest changed after signing; a month bundle at a village's or a township's database; a
# district bundle at a township with no district registered, signed by another district, with a
# row of a branch the township does not have, at a district's or a village's database; a single
# branch's ledger at a district. The month export refuses a branch that does not verify, a
# month to come, a village's or a district's database. Usage errors exit 2.
. "$(dirname "$0")/../lib.sh"
FORGE=$FORGE_BIN
at() { export ZHIBU_NOW="$1" ZHIBU_TODAY="${1%%T*}"; }
# complete NAME DB — `zhibu verify` exit 0, 完整 first
complete() {
    run_zhibu verify --db "$2"
    if [ "$RC" = 0 ] && [ "$(head -1 "$T/out")" = "完整" ]; then ok "$1: verify 完整"
    else fail "$1: verify 完整" "exit $RC: $(head -c 400 "$T/out") $(head -c 200 "$T/err")"; fi
}
# refused NAME DB FILE MESSAGE — import refused: exit 1, MESSAGE, one line, DB unchanged
refused() {
    name=$1 db=$2 file=$3 msg=$4
    sqlite3 "$db" 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
    before=$(dbsum "$db")
    run_zhibu bundle import --db "$db" "$file"
    expect_rc "$name: exit 1" 1
    expect_contains "$name: the message" "$T/err" "$msg"
    expect_eq "$name: one line" "$(wc -l <"$T/err")" "1"
    sqlite3 "$db" 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
    expect_eq "$name: the database byte for byte unchanged" "$(dbsum "$db")" "$before"
}
# register_township DISTRICT CODE NAME FINGERPRINT / register_district TOWNSHIP NAME FINGERPRINT —
# the registrations (zhibu office township add, zhibu office district set), as the administrator
register_township() {
    run_zhibu office township add --db "$1" --code "$2" --name "$3" --fingerprint "$4" \
        --as admin --as-password-file "$PW"
    expect_rc "$(basename "$1") registers the township $3" 0
}
register_district() {
    run_zhibu office district set --db "$1" --name "$2" --fingerprint "$3" \
        --as admin --as-password-file "$PW"
    expect_rc "$(basename "$1") registers its district $2" 0
}
fpr_of() { "$ZHIBU" office show --db "$1" | sed -n 's/^指纹：//p'; }
# content DB — what an import may change, row by row (bundle_log and the journal aside)
content() {
    sql "$1" "select 'branch', count(*) from branch union all select 'member', count(*) from member
        union all select 'meeting', count(*) from meeting union all select 'verdict', count(*) || ' ' || ifnull(group_concat(verdict || updated_at), '') from audit_verdict
        union all select 'rect', count(*) || ' ' || ifnull(group_concat(status || updated_at), '') from rectification
        union all select 'tb', count(*) from township_branch
        union all select 'dv', count(*) || ' ' || ifnull(group_concat(verdict || updated_at), '') from district_verdict
        union all select 'sc', count(*) from spot_check"
}

V=$T/village.db
TW=$T/township.db
D=$T/district.db
at 2026-11-20T08:00:00Z
demo_village "$V" --branches 1 --years 1 --seed 3
AUUID=$(sql "$V" "select uuid from branch where code = '$A'")
at 2026-11-21T08:00:00Z
run_zhibu init --test --db "$TW" --password-file "$PW" --office township --office-name 红旗镇党委
run_zhibu user add --db "$TW" --as admin --as-password-file "$PW" --login shencha --name 镇审查员 \
    --role reviewer --password-file "$PW"
expect_rc "the township and its reviewer" 0
run_zhibu init --test --db "$D" --password-file "$PW" --office district --office-name 城关区委组织部
expect_rc "the district" 0
TFPR=$(fpr_of "$TW")
DFPR=$(fpr_of "$D")

# ---- village → township, the township's review ----
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/v1.zbx"
run_zhibu bundle import --db "$TW" $(trust_of "$T/v1.zbx") "$T/v1.zbx"
expect_rc "the township imports the village's ledger" 0
DB=$TW
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
expect_eq "the township's verdict" "$(sql "$TW" "select count(*) from audit_verdict where verdict = 'rectify'")" "1"
TVMONTH=$(sql "$TW" "select month from audit_verdict limit 1")

# ---- usage and refusals of the month export ----
run_zhibu bundle export --db "$TW" --month 2026-13 --for-district --out "$T/x.zbx"
expect_rc "a bad month: exit 2" 2
expect_contains "a bad month: the message" "$T/err" "月份 2026-13 无效"
run_zhibu bundle export --db "$TW" --for-district --out "$T/x.zbx"
expect_rc "no month: exit 2" 2
run_zhibu bundle export --db "$TW" --month 2026-10 --for-district --branch "$A" --out "$T/x.zbx"
expect_rc "--for-district with --branch: exit 2" 2
run_zhibu bundle export --db "$TW" --month 2026-12 --for-district --out "$T/x.zbx"
expect_rc "a month to come: exit 1" 1
expect_contains "a month to come: the message" "$T/err" "月份 2026-12 还没有到"
run_zhibu bundle export --db "$V" --month 2026-10 --for-district --out "$T/x.zbx"
expect_rc "a village's month bundle: exit 1" 1
expect_contains "a village's month bundle: the message" "$T/err" "只有乡镇的数据库可以导出给区（县）的月度交换包"
run_zhibu bundle export --db "$D" --month 2026-10 --for-district --out "$T/x.zbx"
expect_rc "a district's month bundle: exit 1" 1
# a branch changed behind zhibu's back: the township's month is refused, naming the branch
cp "$TW" "$T/tw-tampered.db"
sqlite3 "$T/tw-tampered.db" "update member set name = '改名' where id = (select min(id) from member)"
run_zhibu bundle export --db "$T/tw-tampered.db" --month 2026-10 --for-district --out "$T/x.zbx"
expect_rc "a branch that does not verify: exit 1" 1
expect_contains "a branch that does not verify: the branch named" "$T/err" "支部 $A"
expect_contains "a branch that does not verify: why" "$T/err" "校验未通过"
if [ -e "$T/x.zbx" ]; then fail "no file left by a refused export" "$T/x.zbx"; else ok "no file left by a refused export"; fi

# ---- township → district ----
at 2026-11-21T09:00:00Z
run_zhibu bundle export --db "$TW" --month 2026-10 --for-district --out "$T/m1.zbx"
expect_rc "the township exports its month" 0
expect_contains "the export names the branch" "$T/out" "$A"
expect_eq "the manifest: kind, month, office" "$(manifest_value "$T/m1.zbx" kind)|$(manifest_value "$T/m1.zbx" month)|$(manifest_value "$T/m1.zbx" office_kind)|$(manifest_value "$T/m1.zbx" office_fingerprint)" "month|2026-10|township|$TFPR"
expect_eq "two parts: the ledger and the verdicts" "$(sqlro "$T/m1.zbx" "select group_concat(json_extract(value, '$.kind') || ':' || json_extract(value, '$.branch_code'), ' ') from manifest where key glob 'part:*'")" "ledger:$A verdicts:$A"
complete "the township after the export" "$TW"

refused "a township not registered" "$D" "$T/m1.zbx" "未在本区登记"
register_township "$D" 1101010000 红旗镇党委 "$TFPR"
refused "a month bundle at a village's database" "$V" "$T/m1.zbx" "只能导入区（县）的数据库"
refused "a month bundle at a township's database" "$TW" "$T/m1.zbx" "只能导入区（县）的数据库"
# a real district's ledger takes nothing from a test or demo database (whose clock can be set at will)
RD=$T/real-district.db
run_zhibu init --db "$RD" --password-file "$PW" --office district --office-name 真实区委组织部
expect_rc "a real district's database" 0
register_township "$RD" 1101010000 红旗镇党委 "$TFPR"
refused "a test township's month bundle at a real district" "$RD" "$T/m1.zbx" "交换包来自测试或演示数据库"
run_zhibu bundle import --db "$D" --trust "$TFPR" "$T/m1.zbx"
expect_rc "--trust with a month bundle: exit 2" 2

# tampered: a byte of a part; the manifest changed after signing
cp "$T/m1.zbx" "$T/flip.zbx"
sqlite3 "$T/flip.zbx" "update part set data = substr(data, 1, 4999) || (case when substr(data, 5000, 1) = x'41' then x'42' else x'41' end) || substr(data, 5001) where id = 1"
refused "a part changed" "$D" "$T/flip.zbx" "交换包内容与校验值不符"
cp "$T/m1.zbx" "$T/renamed.zbx"
sqlite3 "$T/renamed.zbx" "update manifest set value = '2026-09' where key = 'month'"
refused "the manifest changed after signing" "$D" "$T/renamed.zbx" "交换包签名无效（文件被改动或伪造）"
printf 'not a bundle' >"$T/text.zbx"
refused "a text file" "$D" "$T/text.zbx" "不是 zhibu 交换包"
head -c 100000 "$T/m1.zbx" >"$T/trunc.zbx"
refused "a truncated month bundle" "$D" "$T/trunc.zbx" "交换包已损坏（完整性检查失败）"
cp "$T/m1.zbx" "$T/nopart.zbx"
sqlite3 "$T/nopart.zbx" "delete from part where id = 2"
refused "a part left out" "$D" "$T/nopart.zbx" "交换包内容与校验值不符"
cp "$T/m1.zbx" "$T/extra.zbx"
sqlite3 "$T/extra.zbx" "insert into part(id, data) select 3, data from part where id = 1"
refused "a part added" "$D" "$T/extra.zbx" "交换包内容与校验值不符"

run_zhibu bundle import --db "$D" "$T/m1.zbx"
expect_rc "the district imports the month" 0
expect_contains "the report: the township" "$T/out" "红旗镇党委"
expect_contains "the report: the branch, new" "$T/out" "$A"
expect_contains "the report: new branch" "$T/out" "（新支部）"
expect_contains "the report: the key learnt" "$T/out" "已记录乡镇“红旗镇党委”的密钥"
expect_eq "the district holds the branch" "$(sql "$D" "select count(*) from branch where uuid = '$AUUID'")" "1"
expect_eq "the branch is the township's" "$(sql "$D" "select t.code from township_branch tb join township t on t.id = tb.township_id join branch b on b.id = tb.branch_id where b.uuid = '$AUUID'")" "1101010000"
expect_eq "the township's verdict at the district" "$(sql "$D" "select verdict, month from audit_verdict")" "rectify|$TVMONTH"
expect_eq "the township's order at the district" "$(sql "$D" "select count(*) from rectification")" "$(sql "$TW" "select count(*) from rectification")"
expect_eq "the members at the district" "$(sql "$D" "select count(*) from member")" "$(sql "$V" "select count(*) from member")"
expect_eq "bundle_log: the month and its parts" "$(sql "$D" "select group_concat(kind, ' ') from (select kind from bundle_log order by id)")" "ledger verdicts month"
complete "the district after the import" "$D"

BEFORE=$(content "$D")
run_zhibu bundle import --db "$D" "$T/m1.zbx"
expect_rc "the same month bundle again" 0
expect_contains "the same bundle again: 内容未变" "$T/out" "内容未变"
expect_eq "the same bundle again: nothing changed" "$(content "$D")" "$BEFORE"
run_zhibu bundle import --db "$D" --trust "$(fpr_of "$V")" "$T/v1.zbx"
expect_rc "a single branch's ledger at the district: exit 1" 1
expect_contains "a single branch's ledger at the district" "$T/err" "区（县）的数据库只导入乡镇报送的月度交换包"

# ---- an older month bundle after a newer one ----
# the village pays dues (the demo's secretary, as bundle_evidence.sh does) and sends its ledger
at 2026-11-21T09:30:00Z
DB=$V
login_demo shuji
run_script pay 100x30 <<'KEYS'
3
a
<Enter>
<F2>
:dump paid.txt
KEYS
expect_contains "a payment at the village" "$T/paid.txt" "已登记："
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/v2.zbx"
run_zhibu bundle import --db "$TW" "$T/v2.zbx"
expect_rc "the township imports the payment" 0
run_zhibu bundle export --db "$TW" --month 2026-10 --for-district --out "$T/m2.zbx"
expect_rc "the township exports the month again" 0
run_zhibu bundle import --db "$D" "$T/m2.zbx"
expect_rc "the district imports the newer month bundle" 0
AFTER2=$(content "$D")
run_zhibu bundle import --db "$D" "$T/m1.zbx"
expect_rc "the older bundle after the newer one" 0
expect_eq "the newer bundle brought the payment" "$(sql "$D" "select count(*) from dues_payment")" "$(sql "$V" "select count(*) from dues_payment")"
expect_contains "the older bundle: nothing added or updated" "$T/out" "台账 新增 0，更新 0"
expect_eq "the older bundle rolls nothing back" "$(content "$D")|$(sql "$D" "select count(*) from dues_payment")" "$AFTER2|$(sql "$V" "select count(*) from dues_payment")"
expect_eq "the district holds the township's verdicts as they are now" "$(sql "$D" "select group_concat(verdict, ' ') from (select verdict from audit_verdict order by item)")" "$(sql "$TW" "select group_concat(verdict, ' ') from (select verdict from audit_verdict order by item)")"

# ---- forged: the township's verdicts part carries a district verdict ----
# forge_part IN OUT TABLE — OUT is IN with a row of TABLE appended to its verdicts part's changeset,
# the part and the month bundle re-signed with the township's own key (the township forging)
forge_part() {
    sqlite3 "$1" "select writefile('$T/fp.zbx', data) from part where id = 2" >/dev/null
    /usr/bin/python3 - "$T/fp.zbx" "$3" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
blob = db.execute("select data from payload order by id limit 1").fetchone()[0]
def varint(n):
    out = []
    while True:
        out.insert(0, n & 0x7F)
        n >>= 7
        if not n: break
    return bytes([b | 0x80 for b in out[:-1]] + [out[-1]])
def text(s):
    b = s.encode()
    return b'\x03' + varint(len(b)) + b
# a table (uuid the primary key, then three text columns) and one INSERT
tab = b'T' + varint(4) + bytes([1, 0, 0, 0]) + sys.argv[2].encode() + b'\x00'
row = bytes([18, 0]) + text('forged-0001') + text('2026-10') + text('overall') + text('pass')
db.execute("update payload set data = ? where id = (select min(id) from payload)", (bytes(blob) + tab + row,))
db.commit()
PY
    "$FORGE" resign "$T/fp.zbx" "$TW" >/dev/null
    cp "$1" "$2"
    sqlite3 "$2" "update part set data = readfile('$T/fp.zbx') where id = 2"
    FF=$("$FORGE" resign "$2" "$TW")
}
forge_part "$T/m2.zbx" "$T/forged.zbx" district_verdict
expect_eq "the forged bundle is signed by the township's own key" "$FF" "$TFPR"
refused "a township bundle carrying district verdicts" "$D" "$T/forged.zbx" "乡镇的交换包不能修改区委组织部的复审结论"
forge_part "$T/m2.zbx" "$T/forged2.zbx" spot_check
refused "a township bundle carrying spot checks" "$D" "$T/forged2.zbx" "乡镇的交换包不能修改指导站的督查记录"
forge_part "$T/m2.zbx" "$T/forged3.zbx" app_user
refused "a township bundle carrying another table" "$D" "$T/forged3.zbx" "交换包含有本程序不认识的表 app_user"

# ---- another township with the same branch ----
X=$T/other.db
run_zhibu init --test --db "$X" --password-file "$PW" --office township --office-name 冒名镇党委
run_zhibu bundle import --db "$X" $(trust_of "$T/v1.zbx") "$T/v1.zbx"
run_zhibu bundle export --db "$X" --month 2026-10 --for-district --out "$T/x1.zbx"
expect_rc "another township exports the same branch" 0
register_township "$D" 1101020000 冒名镇党委 "$(fpr_of "$X")"
refused "a branch another township owns" "$D" "$T/x1.zbx" "已属于乡镇“红旗镇党委”"
expect_contains "a branch another township owns: both townships named" "$T/err" "冒名镇党委"

# ---- district → township ----
ITEM=$(sql "$TW" "select item from audit_verdict where verdict = 'rectify' limit 1")
"$FORGE" district-verdict "$D" "$A" "$TVMONTH" "$ITEM" fail 1 "会议记录与系统不一致，退回乡镇重审" >/dev/null
"$FORGE" spot-check "$D" "$A" 2026-11-20 李督查 "会议记录与系统一致" consistent "" >/dev/null
expect_eq "the district's verdict and spot check" "$(sql "$D" "select count(*) from district_verdict")|$(sql "$D" "select count(*) from spot_check")" "1|1"
run_zhibu bundle export --db "$D" --for-township 9999 --out "$T/d0.zbx"
expect_rc "an unknown township: exit 2" 2
expect_contains "an unknown township: the message" "$T/err" "本区没有组织代码为 9999 的乡镇"
run_zhibu bundle export --db "$TW" --for-township 1101010000 --out "$T/d0.zbx"
expect_rc "a township's district bundle: exit 1" 1
run_zhibu bundle export --db "$D" --for-township 1101010000 --out "$T/d1.zbx"
expect_rc "the district exports for the township" 0
expect_contains "the export counts the rows" "$T/out" "复审结论 1 条，督查记录 1 条"

refused "a district bundle with no district registered" "$TW" "$T/d1.zbx" "本乡镇还没有登记上级区（县）"
refused "a district bundle at a district" "$D" "$T/d1.zbx" "只能导入乡镇的数据库"
refused "a district bundle at a village" "$V" "$T/d1.zbx" "只能导入乡镇的数据库"
RT=$T/real-township.db
run_zhibu init --db "$RT" --password-file "$PW" --office township --office-name 真实镇党委
expect_rc "a real township's database" 0
register_district "$RT" 城关区委组织部 "$DFPR"
refused "a test district's bundle at a real township" "$RT" "$T/d1.zbx" "交换包来自测试或演示数据库"
register_district "$TW" 城关区委组织部 "$DFPR"
# another district's key
D2=$T/district2.db
run_zhibu init --test --db "$D2" --password-file "$PW" --office district --office-name 冒名区
register_township "$D2" 1101010000 红旗镇党委 "$TFPR"
run_zhibu bundle export --db "$D2" --for-township 1101010000 --out "$T/d2.zbx"
expect_rc "another district exports" 0
refused "a district bundle from another district" "$TW" "$T/d2.zbx" "签名单位与登记的上级区（县）不符"
expect_contains "another district: both fingerprints" "$T/err" "$DFPR"
# a row of a branch the township does not have
cp "$T/d1.zbx" "$T/d-other.zbx"
sqlite3 "$T/d-other.zbx" "update row set branch_uuid = 'no-such-branch', branch_code = '1109990001' where tbl = 'spot_check'"
"$FORGE" resign "$T/d-other.zbx" "$D" >/dev/null
refused "a district bundle with another township's branch" "$TW" "$T/d-other.zbx" "本乡镇没有的支部 1109990001"
# rows the district's own forms could not have written: checked column by column as every
# imported row is (row_rules), though signed by the registered district
cp "$T/d1.zbx" "$T/d-future.zbx"
sqlite3 "$T/d-future.zbx" "update row set json = json_set(json, '$.date', '2029-06-01') where tbl = 'spot_check'"
"$FORGE" resign "$T/d-future.zbx" "$D" >/dev/null
refused "a district bundle with a spot check dated years ahead" "$TW" "$T/d-future.zbx" "督查日期"
cp "$T/d1.zbx" "$T/d-long.zbx"
sqlite3 "$T/d-long.zbx" "update row set json = json_set(json, '$.comment', printf('%.600c', '长')) where tbl = 'district_verdict'"
"$FORGE" resign "$T/d-long.zbx" "$D" >/dev/null
refused "a district bundle with a comment over 500 characters" "$TW" "$T/d-long.zbx" "复审意见"
cp "$T/d1.zbx" "$T/d-blank.zbx"
sqlite3 "$T/d-blank.zbx" "update row set json = json_set(json, '$.inspectors', '  ') where tbl = 'spot_check'"
"$FORGE" resign "$T/d-blank.zbx" "$D" >/dev/null
refused "a district bundle with a spot check by nobody" "$TW" "$T/d-blank.zbx" "督查人员"
cp "$T/d1.zbx" "$T/d-flip.zbx"
sqlite3 "$T/d-flip.zbx" "update row set json = replace(json, '退回乡镇重审', '已通过') where tbl = 'district_verdict'"
refused "a district bundle changed" "$TW" "$T/d-flip.zbx" "交换包内容与校验值不符"

run_zhibu bundle import --db "$TW" "$T/d1.zbx"
expect_rc "the township imports the district's bundle" 0
expect_contains "the report: the district verdict added" "$T/out" "复审结论: 新增 1"
expect_contains "the report: the spot check added" "$T/out" "督查记录: 新增 1"
expect_eq "the finding at the township" "$(sql "$TW" "select verdict, sent_back, comment from district_verdict")" "fail|1|会议记录与系统不一致，退回乡镇重审"
expect_eq "the spot check at the township" "$(sql "$TW" "select inspected, result from spot_check")" "会议记录与系统一致|consistent"
expect_eq "the township's own verdicts untouched" "$(sql "$TW" "select count(*) from audit_verdict")" "$(sql "$D" "select count(*) from audit_verdict")"
complete "the township after the district's bundle" "$TW"
BEFORE=$(content "$TW")
run_zhibu bundle import --db "$TW" "$T/d1.zbx"
expect_rc "the district's bundle again" 0
expect_contains "the district's bundle again: 内容未变" "$T/out" "内容未变"
expect_eq "the district's bundle again: nothing changed" "$(content "$TW")" "$BEFORE"
expect_eq "bundle_log at the township: kind district" "$(sql "$TW" "select count(*) from bundle_log where kind = 'district'")" "2"
# a newer district verdict replaces; the older bundle after it rolls nothing back
at 2026-11-21T10:30:00Z
"$FORGE" district-verdict "$D" "$A" "$TVMONTH" "$ITEM" rectify 1 "补齐会议记录后重报" >/dev/null
run_zhibu bundle export --db "$D" --for-township 1101010000 --month "$TVMONTH" --out "$T/d3.zbx"
run_zhibu bundle import --db "$TW" "$T/d3.zbx"
expect_contains "a newer district verdict: updated" "$T/out" "复审结论: 新增 0，更新 1"
run_zhibu bundle import --db "$TW" "$T/d1.zbx"
expect_contains "the older district bundle: kept" "$T/out" "复审结论: 新增 0，更新 0，未变 0，保留 1"
expect_eq "the newer district verdict stays" "$(sql "$TW" "select verdict, comment from district_verdict")" "rectify|补齐会议记录后重报"
# the spot check travels on to the village with the township's verdicts (督查 at every level)
run_zhibu bundle export --db "$TW" --branch "$A" --verdicts --out "$T/tv.zbx"
expect_rc "the township exports the verdicts for the village" 0
expect_contains "the verdicts bundle counts the spot check" "$T/out" "spot_check: 1"
run_zhibu bundle import --db "$V" $(trust_of "$T/tv.zbx") "$T/tv.zbx"
expect_rc "the village imports the verdicts" 0
expect_eq "the spot check at the village" "$(sql "$V" "select inspected, result from spot_check")" "会议记录与系统一致|consistent"
complete "the village at the end" "$V"
# ... but never back up to the district in a month bundle
run_zhibu bundle export --db "$TW" --month 2026-10 --for-district --out "$T/m3.zbx"
expect_rc "the township's month bundle after the district's" 0
sqlite3 "$T/m3.zbx" "select writefile('$T/part3.zbx', data) from part where id = 2" >/dev/null
expect_eq "the month bundle's verdicts part: no spot checks" "$(manifest_value "$T/part3.zbx" rows:spot_check)" ""
run_zhibu bundle import --db "$D" "$T/m3.zbx"
expect_rc "the district imports it" 0
expect_eq "the district's spot checks untouched" "$(sql "$D" "select count(*) from spot_check")" "1"
complete "the township at the end" "$TW"
complete "the district at the end" "$D"
