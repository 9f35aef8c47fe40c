#!/bin/sh
# Issue 14: the end of probation as the Party's rules say, at 80x24. 转正 is decided by a 支部党员
# 大会 held on or after the end of probation (one held before is refused as the approving
# meeting); 延长预备期 (once, months from config) and 取消预备党员资格 are the other outcomes, each
# with its meeting, date and history; the roster shows them; bad input saves nothing.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# roster order: 王一 (书记), 孙预备, 李取消, 钱延长 — the three admitted 2025-10-01 (due 2026-10-01)
run_script setup 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
孙预备<Tab><Tab><Tab><Tab><Tab><Tab>2025-10-01<Tab><Right>
<F2>
<F2>
钱延长<Tab><Tab><Tab><Tab><Tab><Tab>2025-10-01<Tab><Right>
<F2>
<F2>
李取消<Tab><Tab><Tab><Tab><Tab><Tab>2025-10-01<Tab><Right>
<F2>
<Esc>
1
<F2>
<Enter>
<C-u>2026-09-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>讨论预备党员转正
<F2>
<F2>
<Enter>
<C-u>2026-10-15<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>讨论预备党员转正
<F2>
KEYS
expect_eq "two general meetings: before and after the end of probation" \
    "$(sql "$DB" "select group_concat(kind||':'||date, ' ') from (select * from meeting order by date)")" \
    "general:2026-09-20 general:2026-10-15"

# ---- 转正 ----
run_script full 80x24 <<'KEYS'
2
<Down>z
:dump outcomes.txt
<Enter>
<C-u>2026-09-01<Enter>
:dump earlydate.txt
z
<Enter>
<Enter>
:dump meetings.txt
<Down><Enter>
:dump early.txt
KEYS
expect_contains "z offers the three outcomes" "$T/outcomes.txt" "取消预备党员资格"
expect_contains "... titled with the end of probation" "$T/outcomes.txt" "孙预备 预备期至 2026-10-01"
expect_fits "the outcomes fit 80x24" "$T/outcomes.txt" 80 24
expect_contains "a 转正 date before the end of probation is refused" "$T/earlydate.txt" "转正日期不能早于预备期满之日（2026-10-01）"
expect_contains "the general meetings since admission are offered" "$T/meetings.txt" "2026-09-20 讨论预备党员转正"
expect_contains "a meeting held before the end of probation is refused as the approving one" "$T/early.txt" \
    "会议（2026-09-20）早于预备期满之日（2026-10-01），不能批准转正"
expect_eq "nothing saved by the refusals" "$(sql "$DB" "select status from member where name='孙预备'")" "probationary"

run_script full2 80x24 <<'KEYS'
2
<Down>z
<Enter>
<Enter>
<Enter>
:dump confirm.txt
<Enter>
:dump done.txt
KEYS
expect_contains "the meeting after the end approves" "$T/confirm.txt" "确认 孙预备 于 2026-10-01 转为正式党员？"
expect_contains "转正 done" "$T/done.txt" "孙预备 已于 2026-10-01 转为正式党员"
expect_eq "转正 stored with its meeting" \
    "$(sql "$DB" "select m.status||'|'||m.full_date||'|'||g.date from member m join meeting g on g.id = m.full_meeting_id where m.name='孙预备'")" \
    "full|2026-10-01|2026-10-15"

# ---- 延长预备期 ----
# rows: 王一 孙预备 李取消 钱延长
run_script extend 80x24 <<'KEYS'
2
<Down><Down><Down>z
<Down><Enter>
:dump extpick.txt
<Down><Enter>
:dump extearly.txt
z
<Down><Enter>
<Enter>
:dump months.txt
<C-u>13<Enter>
:dump badmonths.txt
<Enter>
<C-u>6<Enter>
<Enter>
:dump noreason.txt
需要继续考察和教育<Enter>
:dump extconfirm.txt
<Enter>
:dump extended.txt
z
<Down><Enter>
:dump again.txt
z
<Enter>
<Enter>
:dump fullwait.txt
KEYS
expect_contains "the deciding meeting is chosen among the general meetings" "$T/extpick.txt" "作出决定的支部党员大会"
expect_not_contains "... an extension needs a meeting: no 不关联 option" "$T/extpick.txt" "不关联会议记录"
expect_contains "a meeting before the end cannot extend" "$T/extearly.txt" \
    "会议（2026-09-20）早于预备期满之日（2026-10-01），不能决定延长预备期"
expect_contains "the months asked with the configured range" "$T/months.txt" "延长几个月（6–12）"
expect_contains "13 months is refused" "$T/badmonths.txt" "延长预备期应为 6 至 12 个月"
expect_contains "the reason is required" "$T/noreason.txt" "不能为空"
expect_contains "the confirmation states the new end and the meeting" "$T/extconfirm.txt" "确认 钱延长 的预备期延长 6 个月，至"
expect_contains "extended" "$T/extended.txt" "钱延长 的预备期延长至 2027-04-01（2026-10-15 支部党员大会决定）"
grep -a "^钱延长" "$T/extended.txt" >"$T/row_qian"
expect_contains "the roster shows the extension" "$T/row_qian" "预备延长"
expect_fits "the roster fits 80x24" "$T/extended.txt" 80 24
expect_contains "only once" "$T/again.txt" "预备期只能延长一次"
expect_contains "the extended end holds back 转正" "$T/fullwait.txt" "转正日期不能早于预备期满之日（2027-04-01）"
expect_eq "the decision stored with its meeting, date and end" \
    "$(sql "$DB" "select d.kind||'|'||d.date||'|'||d.until||'|'||d.reason||'|'||g.date from probation_decision d join meeting g on g.id = d.meeting_id")" \
    "extend|2026-10-15|2027-04-01|需要继续考察和教育|2026-10-15"
expect_eq "the decision has its history" "$(sql "$DB" "select count(*) from history where table_name='probation_decision' and action='insert'")" 1

run_script home 80x24 <<'KEYS'
:dump home.txt
KEYS
expect_contains "home: 李取消 still overdue" "$T/home.txt" "李取消 预备期已满"
expect_not_contains "home: 钱延长 is not overdue after the extension" "$T/home.txt" "钱延长 预备期已满"

# ---- 取消预备党员资格 ----
run_script cancel 80x24 <<'KEYS'
2
<Down><Down>z
<Down><Down><Enter>
<Enter>
<Enter>
:dump cancelreason.txt
严重违反党的纪律<Enter>
:dump cancelconfirm.txt
<Enter>
:dump cancelled.txt
<F4>
<Down><Down><Down><Down><Down><Down><Enter>
:dump left.txt
h
:dump cancelhist.txt
KEYS
expect_contains "the confirmation names the meeting" "$T/cancelconfirm.txt" "确认取消 李取消 的预备党员资格？（2026-10-15 支部党员大会决定"
expect_contains "cancelled" "$T/cancelled.txt" "已取消 李取消 的预备党员资格（2026-10-15 支部党员大会决定）"
expect_contains "off the roster" "$T/cancelled.txt" "在册党员：共 3 名"
grep -a "^李取消" "$T/left.txt" >"$T/row_li"
expect_contains "the left members' list shows the cancellation" "$T/row_li" "取消资格"
expect_contains "the member's history shows it" "$T/cancelhist.txt" "取消预备党员资格"
expect_eq "the member left on the meeting's date" \
    "$(sql "$DB" "select leave_status||'|'||leave_date||'|'||leave_reason from member where name='李取消'")" \
    "expelled|2026-10-15|取消预备党员资格：严重违反党的纪律"
