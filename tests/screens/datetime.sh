#!/bin/sh
# Dates and times as people type them (issue 13): a date in the right shape that does not exist
# is told so ("2026年2月没有30日"), in the form when leaving the field and when saving; 7:30 is
# read as 07:30; 24:00, 7:60 and words are refused with a sentence that says why.
. "$(dirname "$0")/../lib.sh"

new_branch_db

# A date that does not exist: the form says so as the focus leaves it, and saving is refused.
run_script baddate 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-02-30<Tab>
:dump leave.txt
<F2>
:dump save.txt
<Esc><Enter>
KEYS
expect_contains "leaving the date: the day does not exist" "$T/leave.txt" "2026年2月没有30日"
expect_not_contains "leaving the date: not a format complaint" "$T/leave.txt" "日期格式"
expect_contains "saving: the day does not exist" "$T/save.txt" "2026年2月没有30日"
expect_eq "nothing saved" "$(sql "$DB" "select count(*) from meeting")" 0

# Times: 7:30 and 9:05 are read as 07:30 and 09:05.
run_script hmm 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-20<Tab>7:30<Tab>9:05<Tab>村委会会议室
<F2>
:dump list.txt
KEYS
expect_eq "H:MM saved as HH:MM" "$(sql "$DB" "select start_time || '-' || end_time from meeting")" "07:30-09:05"

# Times that do not exist or are not times: refused, with what is wrong (the focus goes to the
# time); nothing saved.
run_script badtime 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-19<Tab>24:00<Tab>
<F2>
:dump t24.txt
<C-u>7:60<Tab>
<F2>
:dump t760.txt
<C-u>七点半<Tab>
<F2>
:dump tword.txt
<C-u>8:00<Tab>7:59
<F2>
:dump tend.txt
<Esc><Enter>
KEYS
expect_contains "24:00 refused: no hour 24" "$T/t24.txt" "没有24时：小时应为 0 到 23"
expect_contains "7:60 refused: no minute 60" "$T/t760.txt" "没有60分：分钟应为 00 到 59"
expect_contains "words refused: how to write a time" "$T/tword.txt" "时间应写作 HH:MM（如 09:30 或 9:30）"
expect_contains "8:00 to 7:59 compared as times" "$T/tend.txt" "结束时间须晚于开始时间"
expect_eq "bad times saved nothing" "$(sql "$DB" "select count(*) from meeting")" 1

# The member form: an impossible join date is named.
run_script member 80x24 <<'KEYS'
2
<F2>
李四<Tab><Tab><Tab><Tab><Tab><Tab>2025-04-31<Tab>
:dump mleave.txt
<F2>
:dump msave.txt
<Esc><Enter>
KEYS
expect_contains "member form: leaving the date" "$T/mleave.txt" "2025年4月没有31日"
expect_contains "member form: saving names the day" "$T/msave.txt" "未保存：入党日期 — 2025年4月没有31日"
expect_eq "member not saved" "$(sql "$DB" "select count(*) from member where name='李四'")" 0
