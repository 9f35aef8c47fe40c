#!/bin/sh
# F9 导出 on the roster (党员名册): the name asked with a default, the roster written with
# Chinese labels (read back with openpyxl), an existing file asked about (n keeps it, y replaces
# it), a name with the wrong ending refused, a directory that does not exist reported, the left
# members included when the list shows them, and a reviewer may export too.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
login_demo shuji
F=党员名册-2026-11-21.xlsx
n=$(sql "$DB" "select count(*) from member m join branch b on b.id=m.branch_id where b.code='1101010001' and m.leave_status=''")

run_script export 80x24 <<'KEYS'
2
<F9>
:dump ask.txt
<Enter>
:dump done.txt
KEYS
expect_rc "F9: the run" 0
expect_contains "F9: the key bar offers 导出" "$T/ask.txt" "F9导出"
expect_contains "F9: asks the file name" "$T/ask.txt" "文件名（.xlsx 或 .csv）："
expect_contains "F9: the default name has today's date" "$T/ask.txt" "$F"
expect_fits "F9: the question fits 80x24" "$T/ask.txt" 80 24
expect_contains "F9: the status line says what was written" "$T/done.txt" "已导出 $n 名党员到 $F"
expect_eq "F9: the file is 0600" "$(stat -c %a "$T/$F" 2>/dev/null)" 600
/usr/bin/python3 - "$T/$F" <<'PY' || fail "F9: read back" "python3 failed"
import sys, warnings
warnings.simplefilter("ignore")
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = list(ws.iter_rows(values_only=True))
def check(n, cond, why):
    print(("ok roster_export: %s" % n) if cond else ("FAIL roster_export: %s: %s" % (n, why)))
check("F9: the title names the branch and the date", "镇政府机关党支部" in rows[0][0] and "2026年11月21日" in rows[0][0], rows[0][0])
check("F9: Chinese headings", list(rows[1][:4]) == ["序号", "姓名", "性别", "出生日期"], rows[1])
check("F9: 性别 as 男/女", {r[2] for r in rows[2:]} <= {"男", "女"}, {r[2] for r in rows[2:]})
check("F9: 党籍 as labels", {r[8] for r in rows[2:]} <= {"正式党员", "预备党员"}, {r[8] for r in rows[2:]})
check("F9: without the left members, no 离开 columns", len(rows[1]) == 14, len(rows[1]))
PY

# the file exists now: asked; n keeps it, y replaces it
cp "$T/$F" "$T/before.xlsx"
run_script again 80x24 <<'KEYS'
2
<F9>
<Enter>
:dump overwrite.txt
n
:dump declined.txt
KEYS
expect_contains "F9 onto an existing file: asks" "$T/overwrite.txt" "文件 $F 已存在，覆盖吗？"
expect_contains "F9 declined: says nothing was written" "$T/declined.txt" "未写入：$F 已存在，没有覆盖"
cmp -s "$T/$F" "$T/before.xlsx" && ok "F9 declined: the file as it was" || fail "F9 declined: the file as it was" "changed"
run_script replace 80x24 <<'KEYS'
2
<F4>
<End><Enter>
<F9>
<Enter>
y
:dump replaced.txt
KEYS
nall=$(sql "$DB" "select count(*) from member m join branch b on b.id=m.branch_id where b.code='1101010001'")
expect_contains "F9 with the left members shown: all of them, said so" "$T/replaced.txt" "已导出 $nall 名党员（含已离开名册的）到 $F"
/usr/bin/python3 - "$T/$F" <<'PY' || fail "F9 --all: read back" "python3 failed"
import sys, warnings
warnings.simplefilter("ignore")
import openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1]).worksheets[0].iter_rows(values_only=True))
ok = rows[1][-2:] == ("离开情况", "离开日期") and any(r[-2] in ("转出", "去世", "出党", "停止党籍") for r in rows[2:])
print("ok roster_export: F9 with the left members: 离开情况 and 离开日期" if ok else
      "FAIL roster_export: F9 with the left members: 离开情况 and 离开日期: %r" % (rows[1],))
PY

# a wrong ending, then a directory that does not exist
run_script bad 80x24 <<'KEYS'
2
<F9>
<C-u>名册.txt<Enter>
:dump badname.txt
<Enter>
<C-u>没有这个目录/名册.csv<Enter>
:dump nodir.txt
KEYS
expect_contains "F9: a wrong ending is refused" "$T/badname.txt" "文件名须以 .xlsx 或 .csv 结尾"
expect_contains "F9: a missing directory is reported" "$T/nodir.txt" "导出失败：无法写入 没有这个目录/名册.csv：目录不存在"
[ -e "$T/名册.txt" ] && fail "F9: nothing written under the wrong name" "written" || ok "F9: nothing written under the wrong name"

# the township's reviewer exports a village's roster (perm ANY), at 120x40
login_demo shencha
rm -f "$T/$F"
run_script reviewer 120x40 <<'KEYS'
2
<F9>
<Enter>
:dump reviewer.txt
KEYS
expect_contains "F9 by the reviewer: written" "$T/reviewer.txt" "名党员到 $F"
expect_fits "F9 by the reviewer: fits 120x40" "$T/reviewer.txt" 120 40
