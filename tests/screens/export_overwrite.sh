#!/bin/sh
# F9 never overwrites a file without asking (issue 13): the meeting list's export, the dues
# ledger, the post notice and a printed meeting record each ask "文件 X 已存在，覆盖吗？" when the
# name chosen is taken; n (or Esc) leaves the file as it was and says so, y writes it (0600).
# A name that is free is written without a question.
. "$(dirname "$0")/../lib.sh"
new_branch_db
M=会议记录-2026-11-21.xlsx
echo old >"$T/$M"
run_script meetings 80x24 <<'KEYS'
1
<F9>
<Enter>
:dump ask.txt
n
:dump declined.txt
KEYS
expect_rc "meetings: the run" 0
expect_file_eq "meetings F9 onto an existing file: the question" "$T/ask.txt" <<'SCREEN'
 支部工作台账 │ 红旗村党支部 │ 三会一课 王书记（支部书记）  测试时钟 2026-11-21
 全部会议记录：共 0 条
日期       类型     议题                              实到/应到 标记






               ┌────────────────────────────────────────────────┐
               │ 文件 会议记录-2026-11-21.xlsx 已存在，覆盖吗？ │
               │                                                │
               │           [Enter] 确定   [Esc] 取消            │
               └────────────────────────────────────────────────┘









F1帮助 F2新记录 F3搜索 F4筛选 F8作废 F9导出 p计划 s年度 h记录 e评议 F10退出
SCREEN
expect_contains "meetings: declined, the status says nothing was written" "$T/declined.txt" "未写入：$M 已存在，没有覆盖"
expect_eq "meetings: declined, the file as it was" "$(cat "$T/$M")" "old"

run_script meetings-yes 80x24 <<'KEYS'
1
<F9>
<Enter>
y
:dump written.txt
KEYS
expect_contains "meetings: y writes the export" "$T/written.txt" "已导出 0 条记录到 $M"
expect_eq "meetings: the file is the workbook now" "$(head -c 2 "$T/$M")" "PK"
expect_eq "meetings: the file is 0600" "$(stat -c %a "$T/$M")" "600"

# a free name: no question
run_script meetings-free 80x24 <<'KEYS'
1
<F9>
<C-u>free.csv<Enter>
:dump free.txt
KEYS
expect_contains "a free name is written at once" "$T/free.txt" "已导出 0 条记录到 free.csv"
expect_not_contains "a free name: no question" "$T/free.txt" "覆盖吗"

# the dues ledger, the post notice, a printed meeting record: Esc keeps the file
echo old >"$T/党费台账-2026.xlsx"
echo old >"$T/公示.txt"
echo old >"$T/记录.txt"
run_script others 100x30 <<'KEYS'
3
<F9>
<Enter>
:dump dues-ask.txt
<Esc>
:dump dues-kept.txt
<Esc>
4
<F9>
<C-u>公示.txt<Enter>
:dump notice-ask.txt
<Esc>
<Esc>
1
<F2>
<Enter>
<F9>
<C-u>记录.txt<Enter>
:dump print-ask.txt
n
KEYS
expect_contains "dues F9: asks" "$T/dues-ask.txt" "文件 党费台账-2026.xlsx 已存在，覆盖吗？"
expect_contains "dues F9: Esc keeps the file, and says so" "$T/dues-kept.txt" "未写入：党费台账-2026.xlsx 已存在，没有覆盖"
expect_eq "dues F9: the file as it was" "$(cat "$T/党费台账-2026.xlsx")" "old"
expect_contains "notice F9: asks" "$T/notice-ask.txt" "文件 公示.txt 已存在，覆盖吗？"
expect_eq "notice F9: the file as it was" "$(cat "$T/公示.txt")" "old"
expect_contains "printed record F9: asks" "$T/print-ask.txt" "文件 记录.txt 已存在，覆盖吗？"
expect_eq "printed record F9: the file as it was" "$(cat "$T/记录.txt")" "old"
