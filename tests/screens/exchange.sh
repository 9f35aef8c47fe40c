#!/bin/sh
# 导入导出 at 80x24 (支部信息 F9): the demo's first village secretary (shuji) gives the branch a
# 40-character name, exports the branch's ledger under the default name <code>-<YYYYMMDD>.zbx;
# a second export to the same file is refused and a secretary cannot export verdicts. A township
# made with `zhibu init --office township` (its administrator logged in, no branch yet) imports
# the file: the manifest is shown and confirmed, the report per table shown, the branch and its
# members are there, the import is listed (Enter: its details); the administrator exports the
# branch's verdicts under <code>-verdicts-<YYYYMMDD>.zbx. Bad files are refused with the
# check's message on screen and nothing imported: a text file, an empty file, a bundle whose
# payload was changed, a file that does not exist; Esc at the confirmation imports nothing.
# Office identity: the first import shows the sender's fingerprint and asks to register it (the
# village is then the branch's registered ledger office); the next one names the registered
# office; a bundle re-signed by another office's key (tests/tools/forge) is refused on screen
# naming both fingerprints, the database byte for byte unchanged.
. "$(dirname "$0")/../lib.sh"

V=$T/village.db
run_zhibu demo --db "$V"
expect_rc "demo database" 0
A=$(shuji_branch "$V")
LONG=中共红旗村股份经济合作社暨农民专业合作社联合支部第一党小组联络站临时党支部委员会
FILE=$A-20261121.zbx

# ---- the village ----
DB=$V
login_demo shuji
run_script export 80x24 <<KEYS
6
<C-u>$LONG
<F2>
6
:dump branch.txt
<F1>
:dump help.txt
<Esc>
<F9>
:dump exchange.txt
v
:dump noverdicts.txt
e
:dump name.txt
<Enter>
:dump exported.txt
<Enter>
:dump status.txt
e
<Enter>
:dump again.txt
<Enter>
KEYS
expect_rc "the export script runs" 0
expect_contains "支部信息 offers 导入导出 in its key bar" "$T/branch.txt" "导入导出"
expect_contains "F1 on 支部信息 explains F9" "$T/help.txt" "导出、导入交换包"
expect_contains "the exchange screen names the branch (code first)" "$T/exchange.txt" "当前支部：$A 中共红旗村股份经济合作社"
expect_contains "the exchange screen lists no import yet" "$T/exchange.txt" "本数据库还没有导入过交换包"
expect_fits "the exchange screen fits 80x24" "$T/exchange.txt" 80 24
expect_contains "a secretary cannot export verdicts" "$T/noverdicts.txt" "只有审查员或管理员可以导出审查结论"
expect_contains "the default file name is <code>-<YYYYMMDD>.zbx" "$T/name.txt" "$FILE"
expect_fits "the file name prompt fits 80x24" "$T/name.txt" 80 24
expect_contains "the export is confirmed" "$T/exported.txt" "已导出"
expect_contains "the export names the file" "$T/exported.txt" "$FILE"
expect_contains "the export counts the members" "$T/exported.txt" "党员"
expect_fits "the export message fits 80x24" "$T/exported.txt" 80 24
expect_contains "the status line names the file" "$T/status.txt" "已导出台账：$FILE"
if [ -s "$T/$FILE" ]; then ok "the bundle file is written"; else fail "the bundle file is written" "no $T/$FILE"; fi
expect_contains "a second export to the same file is refused" "$T/again.txt" "导出失败"

# ---- the township ----
TW=$T/township.db
run_zhibu init --test --db "$TW" --office township --password-file "$PW"
expect_rc "zhibu init --office township" 0
DB=$TW
login_as admin
run_script import 80x24 <<KEYS
6
<F9>
:dump empty.txt
i
$FILE<Enter>
:dump manifest.txt
<Enter>
:dump report.txt
<Enter>
:dump list.txt
<Enter>
:dump detail.txt
<Esc>
v
:dump vname.txt
<Enter>
:dump verdicts.txt
<Enter>
KEYS
expect_rc "the import script runs" 0
expect_contains "a township without branches can import" "$T/empty.txt" "当前支部：（无，可导入交换包）"
expect_contains "the township is named as such" "$T/empty.txt" "本数据库：乡镇"
expect_contains "the manifest names the branch" "$T/manifest.txt" "$A"
expect_contains "the manifest names who exported" "$T/manifest.txt" "导出人："
expect_contains "the manifest counts the rows" "$T/manifest.txt" "记录：共"
VFPR=$("$ZHIBU" office show --db "$V" | sed -n 's/^指纹：//p')
expect_contains "the manifest shows the sender's fingerprint to check" "$T/manifest.txt" "指纹：$VFPR（请与对方电话核对）"
expect_contains "the manifest says the sender is new here" "$T/manifest.txt" "首次收到，尚未登记"
expect_contains "the manifest asks to register the sender first" "$T/manifest.txt" "指纹一致？登记该单位为本支部的台账单位并导入？"
expect_fits "the manifest fits 80x24" "$T/manifest.txt" 80 24
expect_contains "the report is shown" "$T/report.txt" "导入结果"
expect_contains "the report says the branch is new here" "$T/report.txt" "本数据库新增此支部"
expect_contains "the report says the sender is registered" "$T/report.txt" "为本支部的台账单位，指纹 $VFPR"
expect_eq "the village registered as the branch's ledger office" \
    "$(sql "$TW" "select b.code||'|'||p.role||'|'||p.fingerprint||'|'||p.created_by from office_peer p join branch b on b.id = p.branch_id")" \
    "$A|ledger|$VFPR|admin"
NM=$(sql "$V" "select count(*) from member m join branch b on b.id = m.branch_id where b.code = '$A'")
expect_contains "the report counts the members added" "$T/report.txt" "党员"
if grep -qE "党员 +新增 +$NM " "$T/report.txt"; then ok "the report: 党员 新增 $NM"
else fail "the report: 党员 新增 $NM" "$(grep -m2 党员 "$T/report.txt")"; fi
expect_fits "the report fits 80x24" "$T/report.txt" 80 24
expect_eq "the township holds the branch" "$(sql "$TW" "select name from branch where code = '$A'")" "$LONG"
expect_eq "the township holds its members" \
    "$(sql "$TW" "select count(*) from member m join branch b on b.id = m.branch_id where b.code = '$A'")" "$NM"
expect_eq "the import is logged" "$(sql "$TW" "select count(*) from bundle_log")" 1
expect_contains "the list shows the import" "$T/list.txt" "台账"
expect_contains "the list shows the branch" "$T/list.txt" "中共红旗村"
expect_contains "the status line sums up" "$T/list.txt" "已导入"
expect_contains "the imported branch is now the current one" "$T/list.txt" "当前支部：$A 中共红旗村股份经济合作社"
expect_fits "the list fits 80x24" "$T/list.txt" 80 24
expect_contains "Enter shows the import's details" "$T/detail.txt" "导入记录"
expect_contains "the details name who exported" "$T/detail.txt" "shuji"
expect_contains "the details sum the report up" "$T/detail.txt" "结果：新增"
expect_contains "the verdicts' default file name" "$T/vname.txt" "$A-verdicts-20261121.zbx"
expect_contains "the administrator exports the verdicts" "$T/verdicts.txt" "的审查结论导出到"
if [ -s "$T/$A-verdicts-20261121.zbx" ]; then ok "the verdicts bundle is written"; else fail "the verdicts bundle is written" "no $T/$A-verdicts-20261121.zbx"; fi

# ---- bad files: refused with the check's message, nothing imported ----
printf 'not a bundle\n' >"$T/text.zbx"
: >"$T/empty.zbx"
cp "$T/$FILE" "$T/flipped.zbx"
/usr/bin/python3 - "$T/flipped.zbx" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(blob,) = db.execute("select data from payload order by id limit 1").fetchone()
b = bytearray(blob)
b[len(b) // 2] ^= 0x01
db.execute("update payload set data = ? where id = (select min(id) from payload)", (bytes(b),))
db.commit()
PY
before=$(sql "$TW" "select (select count(*) from bundle_log) || '/' || (select count(*) from member) || '/' || (select count(*) from journal_import) || '/' || (select count(*) from history where action not like 'login%')")
run_script bad 80x24 <<'KEYS'
6
<F9>
i
text.zbx<Enter>
:dump text.txt
<Enter>
:dump textstatus.txt
i
empty.zbx<Enter>
:dump empty-file.txt
<Enter>
i
flipped.zbx<Enter>
:dump flipped.txt
<Enter>
i
nosuch.zbx<Enter>
:dump nosuch.txt
<Enter>
KEYS
expect_rc "the bad-file script runs" 0
expect_contains "a text file is refused" "$T/text.txt" "无法导入"
expect_contains "a text file: not a bundle" "$T/text.txt" "不是 zhibu 交换包"
expect_fits "the refusal fits 80x24" "$T/text.txt" 80 24
expect_contains "the refusal stays on the status line" "$T/textstatus.txt" "未导入：不是 zhibu 交换包"
expect_contains "an empty file is refused" "$T/empty-file.txt" "文件为空"
expect_contains "a changed payload is refused" "$T/flipped.txt" "交换包内容与校验值不符"
expect_contains "a missing file is refused" "$T/nosuch.txt" "无法导入"
after=$(sql "$TW" "select (select count(*) from bundle_log) || '/' || (select count(*) from member) || '/' || (select count(*) from journal_import) || '/' || (select count(*) from history where action not like 'login%')")
expect_eq "bad files change nothing" "$after" "$before"

# Esc at the confirmation imports nothing
run_script cancel 80x24 <<KEYS
6
<F9>
i
$FILE<Enter>
:dump known.txt
<Esc>
:dump cancel.txt
KEYS
expect_contains "the second time the sender is the registered office" "$T/known.txt" "签名：已登记的台账单位"
expect_contains "the second time it asks only to import" "$T/known.txt" "导入到本数据库？"
expect_contains "Esc at the confirmation: not imported" "$T/cancel.txt" "未导入"
expect_eq "Esc at the confirmation changes nothing" "$(sql "$TW" "select count(*) from bundle_log")" 1

# another office's key: the same bundle re-signed by a third database is refused on screen
FORGE=$(dirname "$ZHIBU")/forge
run_zhibu init --test --db "$T/other.db" --password-file "$PW" --office village
cp "$T/$FILE" "$T/forged.zbx"
OFPR=$("$FORGE" resign "$T/forged.zbx" "$T/other.db")
if [ -n "$OFPR" ] && [ "$OFPR" != "$VFPR" ]; then ok "the bundle re-signed by another office ($OFPR)"; else fail "the bundle re-signed by another office" "[$OFPR]"; fi
run_script forged 80x24 <<'KEYS'
6
<F9>
i
forged.zbx<Enter>
:dump forged.txt
<Enter>
:dump forgedstatus.txt
KEYS
expect_contains "another key: refused" "$T/forged.txt" "无法导入"
expect_contains "another key: the registered fingerprint named" "$T/forged.txt" "$VFPR"
expect_contains "another key: the bundle's fingerprint named" "$T/forged.txt" "$OFPR"
expect_fits "another key: the refusal fits 80x24" "$T/forged.txt" 80 24
expect_contains "another key: the status line says not imported" "$T/forgedstatus.txt" "未导入：签名单位与登记的不符"
expect_eq "another key: nothing imported, the registration as it was" \
    "$(sql "$TW" "select count(*) from bundle_log")|$(sql "$TW" "select count(*) from office_peer")|$(sql "$TW" "select fingerprint from office_peer")" "1|1|$VFPR"
