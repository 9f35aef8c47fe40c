#!/bin/sh
# 导入导出 (支部信息 F9) between a township and its district, at 80x24: the township's
# administrator exports the month for the district (m 报送区县: the month asked, last month by
# default, the file month-YYYY-MM.zbx by default, the branches listed); the district's
# administrator imports it (i: the township, the month, the branches and the fingerprint shown
# and confirmed, the report per branch, the import listed as 月报), then exports for the
# township (t 发给乡镇: the township's code, a month or none, the file); the township imports
# that (the district verdict and the spot check counted). A month bundle at the township, and
# an unknown township's code at the district, are refused on screen.
. "$(dirname "$0")/../lib.sh"
FORGE=$FORGE_BIN
fpr_of() { "$ZHIBU" office show --db "$1" | sed -n 's/^指纹：//p'; }

V=$T/village.db
TW=$T/township.db
D=$T/district.db
run_zhibu demo --db "$V" --branches 1 --years 1 --seed 3
printf 'demo1234\n' >"$T/demo.pw"
run_zhibu office kind --db "$V" village --as admin --as-password-file "$T/demo.pw"
A=$(shuji_branch "$V")
run_zhibu init --test --db "$TW" --password-file "$PW" --office township --office-name 红旗镇党委
run_zhibu init --test --db "$D" --password-file "$PW" --office district --office-name 城关区委组织部
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/v1.zbx"
run_zhibu bundle import --db "$TW" $(trust_of "$T/v1.zbx") "$T/v1.zbx"
expect_rc "the township holds the village's branch" 0
run_zhibu office township add --db "$D" --code 1101010000 --name 红旗镇党委 --fingerprint "$(fpr_of "$TW")" \
    --as admin --as-password-file "$PW"
expect_rc "the district registers the township" 0
run_zhibu office district set --db "$TW" --name 城关区委组织部 --fingerprint "$(fpr_of "$D")" \
    --as admin --as-password-file "$PW"
expect_rc "the township registers its district" 0

# ---- the township reports its month ----
DB=$TW
login_as admin
run_script month 80x24 <<'KEYS'
6
<F9>
:dump tw-exchange.txt
m
:dump tw-month.txt
<Enter>
:dump tw-file.txt
<Enter>
:dump tw-exported.txt
<Enter>
KEYS
expect_rc "the township's script runs" 0
expect_contains "the township's screen offers m 报送区县" "$T/tw-exchange.txt" "m 报送区县"
expect_fits "the township's screen fits 80x24" "$T/tw-exchange.txt" 80 24
expect_contains "the month asked: last month by default" "$T/tw-month.txt" "2026-10"
expect_contains "the file: month-YYYY-MM.zbx by default" "$T/tw-file.txt" "month-2026-10.zbx"
expect_contains "the export is confirmed" "$T/tw-exported.txt" "已导出"
expect_contains "the export lists the branch" "$T/tw-exported.txt" "$A"
expect_fits "the export message fits 80x24" "$T/tw-exported.txt" 80 24
if [ -s "$T/month-2026-10.zbx" ]; then ok "the month bundle is written"; else fail "the month bundle is written" "$(ls "$T")"; fi

# ---- the district imports it, and exports for the township ----
DB=$D
run_script district 80x24 <<'KEYS'
4
:dump d-exchange.txt
i
month-2026-10.zbx<Enter>
:dump d-manifest.txt
<Enter>
:dump d-report.txt
<Enter>
:dump d-list.txt
t
9999<Enter>
<Enter>
<Enter>
:dump d-unknown.txt
<Enter>
KEYS
expect_rc "the district's script runs" 0
expect_contains "the district's screen offers t 发给乡镇" "$T/d-exchange.txt" "t 发给乡镇"
expect_contains "the manifest: a month bundle" "$T/d-manifest.txt" "乡镇月度交换包（2026-10）"
expect_contains "the manifest: the township's fingerprint" "$T/d-manifest.txt" "$(fpr_of "$TW")"
expect_fits "the manifest fits 80x24" "$T/d-manifest.txt" 80 24
expect_contains "the report names the branch" "$T/d-report.txt" "$A"
expect_contains "the report: the month imported" "$T/d-report.txt" "2026-10 的月度交换包已导入"
expect_fits "the report fits 80x24" "$T/d-report.txt" 80 24
expect_contains "the import is listed as 月报" "$T/d-list.txt" "月报"
expect_contains "an unknown township's code is refused" "$T/d-unknown.txt" "本区没有组织代码为 9999 的乡镇"
expect_eq "the district holds the branch" "$(sql "$D" "select count(*) from branch where code = '$A'")" "1"

"$FORGE" district-verdict "$D" "$A" 2026-10 meetings fail 1 "会议记录缺失，退回乡镇" >/dev/null
"$FORGE" spot-check "$D" "$A" 2026-11-20 李督查 "会议记录与系统一致" consistent "" >/dev/null
run_script district2 80x24 <<'KEYS'
4
t
1101010000<Enter>
<Enter>
:dump d-file.txt
<Enter>
:dump d-exported.txt
<Enter>
KEYS
expect_contains "the file: district-<code>.zbx by default" "$T/d-file.txt" "district-1101010000.zbx"
expect_contains "the export counts the rows" "$T/d-exported.txt" "复审结论 1 条、督查记录 1 条"
expect_fits "the export message fits 80x24" "$T/d-exported.txt" 80 24

# ---- the township imports the district's bundle; a month bundle is refused there ----
DB=$TW
run_script back 80x24 <<'KEYS'
6
<F9>
i
district-1101010000.zbx<Enter>
:dump tw-manifest.txt
<Enter>
:dump tw-report.txt
<Enter>
i
month-2026-10.zbx<Enter>
<Enter>
:dump tw-refused.txt
<Enter>
KEYS
expect_contains "the manifest: the district's bundle" "$T/tw-manifest.txt" "区（县）的复审结论和督查记录"
expect_contains "the report: the district verdict" "$T/tw-report.txt" "复审结论：新增 1"
expect_contains "the report: the spot check" "$T/tw-report.txt" "督查记录：新增 1"
expect_fits "the report fits 80x24" "$T/tw-report.txt" 80 24
expect_eq "the finding at the township" "$(sql "$TW" "select sent_back, comment from district_verdict")" "1|会议记录缺失，退回乡镇"
expect_contains "a month bundle at the township is refused" "$T/tw-refused.txt" "只能导入区（县）的数据库"
