#!/bin/sh
# The 通报 screen on a small district (tests/fixtures/circular_district.sh), reached from home
# with t: October's ranking at 80x24 (the counts of 需整改/不合格/未审 given up to fit, names cut
# with …) and at 120x40 (every column, the branches behind, the trend); ← to September, q to
# the quarter (2026年第3季度), → refused past this month; F9 writes the .xlsx or .txt; an
# inspector sees their station's townships only; a village's database refused.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/fixtures/circular_district.sh"
PY=/usr/bin/python3
login_as admin

run_script month80 80x24 <<'KEYS'
t
:dump m80.txt
<PgDn>
:dump m80b.txt
<Esc>
:dump home.txt
KEYS
expect_rc "circular screen 80x24: exit 0" 0
expect_fits "circular 80x24: fits" "$T/m80.txt" 80 24
expect_contains "circular 80x24: the period" "$T/m80.txt" "2026年10月通报"
expect_contains "circular 80x24: the title" "$T/m80.txt" "关于2026年10月执行月审月报制度情况的通报"
expect_contains "circular 80x24: the first township and its figures" "$T/m80.txt" "   1 东风乡党委        2      2   100.0%       0.0%     100.0%          0"
expect_contains "circular 80x24: a long name cut with …" "$T/m80.txt" "某某某某某…"
expect_not_contains "circular 80x24: 需整改 given up" "$T/m80.txt" "需整改 不合格"
expect_contains "circular 80x24: the branches behind" "$T/m80.txt" "二、连续未合格的支部（2个）"
expect_contains "circular 80x24: PgDn scrolls to the trend" "$T/m80b.txt" "三、近12个月合格率走势"
expect_fits "circular 80x24 scrolled: fits" "$T/m80b.txt" 80 24

run_script wide 120x40 <<'KEYS'
t
:dump w.txt
<Left>
:dump sep.txt
q
:dump q3.txt
q
<Right><Right><Right>
:dump future.txt
KEYS
expect_rc "circular screen 120x40: exit 0" 0
expect_fits "circular 120x40: fits" "$T/w.txt" 120 40
expect_contains "circular 120x40: every column" "$T/w.txt" "名次 乡镇             支部数   合格 需整改 不合格   未审   合格率 按期整改率 复审改判率 连续未合格"
expect_contains "circular 120x40: the long name" "$T/w.txt" "某某某某某某某…"
expect_contains "circular 120x40: the branch behind two months" "$T/w.txt" "红旗镇党委 B103 胜利村党支部：连续2个月未合格"
expect_contains "circular ←: September" "$T/sep.txt" "关于2026年9月执行月审月报制度情况的通报"
expect_contains "circular q: the quarter of September" "$T/q3.txt" "关于2026年第3季度执行月审月报制度情况的通报"
expect_contains "circular q q → → →: September, October, November (this month); December refused" "$T/future.txt" "不能通报未来的月份"
expect_contains "circular →: stays at November" "$T/future.txt" "关于2026年11月执行月审月报制度情况的通报"

# F9: the period's file (the default name, then a .txt named; an existing one asked about, n keeps it)
run_script write 80x24 <<'KEYS'
t
<F9>
<Enter>
:dump wrote.txt
<F9>
<C-u>通报.txt<Enter>
<F9>
<C-u>通报.txt<Enter>
n
:dump kept.txt
<F9>
<C-u>通报.pdf<Enter>
:dump pdf.txt
KEYS
expect_eq "circular F9: the default .xlsx written" "$(status_line wrote.txt)" "已写成2026年10月通报：通报-2026-10.xlsx"
expect_eq "circular F9: the .xlsx is the 通报" "$($PY -c 'import sys; from openpyxl import load_workbook; print(load_workbook(sys.argv[1])["通报"]["A1"].value)' "$T/通报-2026-10.xlsx")" \
    "关于2026年10月执行月审月报制度情况的通报"
expect_eq "circular F9: the .txt written" "$(head -1 "$T/通报.txt" | sed 's/^ *//')" "关于2026年10月执行月审月报制度情况的通报"
expect_contains "circular F9 on an existing file: n keeps it" "$T/kept.txt" "未写入"
expect_eq "circular F9: another extension refused" "$(status_line pdf.txt)" "文件名应以 .xlsx 或 .txt 结尾"

run_script help 80x24 <<'KEYS'
t
<F1>
:dump help.txt
KEYS
expect_contains "circular F1: the keys" "$T/help.txt" "上一期"
expect_contains "circular F1: the intro" "$T/help.txt" "复审改判率"

# an inspector (指导站督查员) sees only their station's townships: 东风乡 is in 第一指导站
"$ZHIBU" office station add --db "$DB" --name 第一指导站 --as admin --as-password-file "$T/pw" >"$T/o1" 2>&1 || fail "station add" "$(cat "$T/o1")"
"$ZHIBU" office township station --db "$DB" --code T02 --station 第一指导站 --as admin --as-password-file "$T/pw" >"$T/o2" 2>&1 || fail "township station" "$(cat "$T/o2")"
printf 'ducha-pw1\n' >"$T/pw-ducha"
"$ZHIBU" user add --db "$DB" --login ducha --role inspector --station 第一指导站 --name 督查员 \
    --password-file "$T/pw-ducha" --as admin --as-password-file "$T/pw" >"$T/o3" 2>&1 || fail "user add inspector" "$(cat "$T/o3")"
login_as ducha ducha-pw1
run_script inspector 120x40 <<'KEYS'
t
:dump inspector.txt
KEYS
expect_contains "circular as an inspector: their township" "$T/inspector.txt" "   1 东风乡党委"
expect_not_contains "circular as an inspector: no other township" "$T/inspector.txt" "红旗镇党委"
expect_contains "circular as an inspector: the summary counts their branches only" "$T/inspector.txt" "第一指导站1个乡镇共2个支部"

# a village's database: refused on the status line, home stays
new_branch_db
login_as shuji
run_script village 80x24 <<'KEYS'
t
:dump village.txt
KEYS
expect_eq "circular at a village: refused" "$(status_line village.txt)" "只有区（县）的数据库可以生成通报"
