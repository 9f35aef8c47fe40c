#!/bin/sh
# The roster's F7 导入: the file asked for, the dry run shown row by row (80x24, long Chinese
# names), a missing file told in Chinese, the groups the branch lacks offered, the import
# confirmed and written (the roster lists the members, verify stays 完整).
. "$(dirname "$0")/../lib.sh"
new_branch_db

/usr/bin/python3 - "$T/名册.xlsx" <<'PY'
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "花名册"
ws.append(["姓名", "性别", "出生日期", "入党日期", "转正日期", "党小组", "人员类别", "籍贯"])
ws.append(["欧阳建国爱民为人民服务", "男", datetime.date(1970, 5, 6), datetime.date(1995, 7, 1),
           datetime.date(1996, 7, 1), "村东头第一党小组", "农民", "河北"])
ws.append(["王  芳", "女", "1985/3/2", "2010.7.1", "2011年7月1日", "村东头第一党小组", "在职", ""])
ws.append(["李四", "女", "19800230", "2026-07-01", "", "", "", ""])
wb.save(sys.argv[1])
PY

run_script missing 80x24 <<'KEYS'
2
<F7>
:dump asking.txt
没有这个文件.xlsx<Enter>
:dump missing.txt
<Enter>
<Esc>
:dump back.txt
KEYS
expect_contains "while the file is asked: the page says so" "$T/asking.txt" "请输入要导入的名册文件（.xlsx 或 .csv）"
expect_not_contains "while the file is asked: no dry run claimed" "$T/asking.txt" "试运行"
expect_contains "a missing file is told in Chinese" "$T/missing.txt" "找不到文件 没有这个文件.xlsx"
expect_contains "Esc at the file prompt: back to the roster, nothing imported" "$T/back.txt" "未导入"

run_script dry 80x24 <<'KEYS'
2
<F7>
名册.xlsx<Enter>
:dump dry.txt
<F2>
:dump nogroup.txt
KEYS
expect_fits "the dry run fits 80x24" "$T/dry.txt" 80 24
expect_contains "the file and its sheet" "$T/dry.txt" "名册.xlsx：工作表“花名册”，表头在第 1 行"
expect_contains "the totals" "$T/dry.txt" "试运行：新增 0，更新 0，无变化 0；问题 3 处（改好文件后按 r 重读）"
expect_contains "a group the branch lacks, with its row" "$T/dry.txt" "第 2 行：党小组“村东头第一党小组”不存在"
expect_contains "the groups it lacks, and how to make them" "$T/dry.txt" "支部还没有的党小组：村东头第一党小组（按 F2 导入时可选择新建）"
expect_contains "an impossible date, with its row" "$T/dry.txt" "第 4 行：出生日期“19800230”有误：1980年2月没有30日"
expect_contains "an unknown column is named" "$T/dry.txt" "注意：“籍贯”列（H 列）不是名册的列，不导入"
expect_contains "F2 with problems: nothing written" "$T/nogroup.txt" "支部还没有这些党小组"
expect_eq "nothing written by the dry run" "$(sql "$DB" 'select count(*) from member')" 0

# the bad row corrected: the group offered, then the import confirmed
/usr/bin/python3 - "$T/名册.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
ws["C4"] = "1980-02-29"
wb.save(sys.argv[1])
PY
run_script go 80x24 <<'KEYS'
2
<F7>
名册.xlsx<Enter>
:dump fixed.txt
<F2>
:dump ask.txt
y
:dump confirm.txt
y
:dump done.txt
KEYS
expect_contains "the corrected row would be added (dues category defaulted, said so)" "$T/fixed.txt" "第 4 行：新增 李四（党费类别未填，按农民）"
expect_contains "the unknown group is offered" "$T/ask.txt" "村东头第一党小组"
expect_contains "asked before writing" "$T/confirm.txt" "导入：新增 3 名党员，更新 0 名，并新建党小组？"
expect_contains "back on the roster, told what was done" "$T/done.txt" "已导入：新增 3，更新 0，无变化 0"
expect_contains "the roster lists an imported member" "$T/done.txt" "王芳"
expect_eq "three members written" "$(sql "$DB" 'select count(*) from member')" 3
expect_eq "the group made once" "$(sql "$DB" "select count(*) from party_group where name = '村东头第一党小组'")" 1
run_zhibu verify --db "$DB"
expect_rc "verify after the import" 0
expect_contains "verify says 完整" "$T/out" "完整"

# a long file scrolls; at a larger size too
/usr/bin/python3 - "$T/long.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("姓名,性别,入党日期,转正日期\n")
    for i in range(40):
        f.write("长名单第%02d位党员同志,女,2001-07-01,2002-07-01\n" % i)
PY
run_script scroll 80x24 <<'KEYS'
2
<F7>
long.csv<Enter>
:dump top.txt
<End>
:dump end.txt
<Home>
<PgDn>
:dump pgdn.txt
:size 120x40
:dump big.txt
KEYS
expect_contains "long: the first rows" "$T/top.txt" "第 2 行：新增 长名单第00位党员同志（党费类别未填，按农民）"
expect_not_contains "long: the totals below the page" "$T/top.txt" "共 40 行"
expect_contains "long: End shows the totals" "$T/end.txt" "共 40 行：新增 40，更新 0，无变化 0；问题 0 处"
expect_contains "long: PgDn turns a page" "$T/pgdn.txt" "第 22 行：新增 长名单第20位党员同志"
expect_fits "long: 120x40" "$T/big.txt" 120 40
expect_contains "long: 120x40 shows more" "$T/big.txt" "第 37 行：新增 长名单第35位党员同志"
expect_eq "long: nothing written without F2" "$(sql "$DB" "select count(*) from member where name like '长名单%'")" 0
