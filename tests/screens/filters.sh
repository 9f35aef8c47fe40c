#!/bin/sh
# The meetings list (issue 13): a chosen month (指定月份, YYYY-MM — the month being handed in);
# records of one day in the order of their start time, not of their entry; a record that matches
# an open plan of its month offers to fulfil it, so the plan is not left 逾期.
. "$(dirname "$0")/../lib.sh"

new_branch_db

# Four records: October, then two committee meetings of 11-20 entered afternoon first, and one
# on 11-19 without a time.
run_script log 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-10-15<Tab>09:00<Tab>11:00<Tab>村委会<Tab><Tab><Tab><Tab><Tab>十月党员大会
<F2>
<F2>
<Down><Enter>
<C-u>2026-11-20<Tab>14:00<Tab>16:00<Tab>村委会<Tab><Tab><Tab><Tab><Tab>下午的支委会
<F2>
<F2>
<Down><Enter>
<C-u>2026-11-20<Tab>09:00<Tab>10:00<Tab>村委会<Tab><Tab><Tab><Tab><Tab>上午的支委会
<F2>
<F2>
<Down><Enter>
<C-u>2026-11-19<Tab><Tab><Tab>村委会<Tab><Tab><Tab><Tab><Tab>没有时间的支委会
<F2>
:dump list.txt
KEYS
expect_eq "four records" "$(sql "$DB" "select count(*) from meeting")" 4
# (date, kind and topic of each row: the marks' column is cut differently as screens change)
expect_eq "same day: the later start first, whatever the entry order" \
    "$(sed -n 4,7p "$T/list.txt" | awk '{print $1, $2, $3}' | tr '\n' ';')" \
    "2026-11-20 支委会 下午的支委会;2026-11-20 支委会 上午的支委会;2026-11-19 支委会 没有时间的支委会;2026-10-15 党员大会 十月党员大会;"

# 指定月份: the month asked for (last month offered), the list and its title follow it.
run_script month 80x24 <<'KEYS'
1
<F4>
:dump picker.txt
<Down><Down><Down><Down><Down><Enter>
:dump ask.txt
<Enter>
:dump october.txt
<F4>
<Down><Down><Down><Down><Down><Enter>
<C-u>2026-13<Enter>
:dump badmonth.txt
<Enter>
<C-u>2026-11<Enter>
:dump november.txt
<F4>
<Down><Down><Down><Down><Down><Enter>
<Esc>
:dump kept.txt
KEYS
expect_contains "the filter offers a chosen month" "$T/picker.txt" "指定月份…"
expect_contains "last month is offered" "$T/ask.txt" "2026-10"
expect_contains "October: its title" "$T/october.txt" "2026年10月：共 1 条"
expect_contains "October: its record" "$T/october.txt" "十月党员大会"
expect_not_contains "October: not November's" "$T/october.txt" "支委会"
expect_contains "a month that does not exist is refused" "$T/badmonth.txt" "月份应写作 YYYY-MM"
expect_contains "November: its title" "$T/november.txt" "2026年11月：共 3 条"
expect_not_contains "November: not October's" "$T/november.txt" "十月党员大会"
expect_contains "Esc at the month keeps the filter" "$T/kept.txt" "2026年11月：共 3 条"

# A 党课 planned for 11-10 (now overdue) and a 党员大会 planned for 11-05, written behind the
# program's back as in tests/screens/meetings.sh.
sql "$DB" "insert into meeting_plan(uuid, branch_id, kind, group_id, date, topic, created_at, created_by, updated_at) select 'p-lecture', id, 'lecture', null, '2026-11-10', '党课：廉洁自律', '2026-11-01T00:00:00Z', 'test', '2026-11-01T00:00:00Z' from branch"
sql "$DB" "insert into meeting_plan(uuid, branch_id, kind, group_id, date, topic, created_at, created_by, updated_at) select 'p-general', id, 'general', null, '2026-11-05', '学习全会精神', '2026-11-01T00:00:00Z', 'test', '2026-11-01T00:00:00Z' from branch"
run_script offer 80x24 <<'KEYS'
1
<F2>
<Down><Down><Down><Enter>
<C-u>2026-11-18<Tab>14:00<Tab>16:00<Tab>党员活动室<Tab><Tab><Tab><Tab><Tab>廉洁自律专题党课
<F2>
:dump offer.txt
<Enter>
<F2>
<Enter>
<C-u>2026-11-19<Tab>14:00<Tab>16:00<Tab>党员活动室<Tab><Tab><Tab><Tab><Tab>另一次党员大会
<F2>
:dump offer2.txt
<Esc>
p
:dump plans.txt
KEYS
expect_contains "saving a 党课 offers its plan" "$T/offer.txt" "│ 有一条 2026年11月 党课 的计划，是否作为该计划的落实？ │"
expect_contains "the plan offered is named" "$T/offer.txt" "│ 计划：2026-11-10 党课：廉洁自律"
expect_eq "taken: the plan points to the record" \
    "$(sql "$DB" "select m.topics from meeting_plan p join meeting m on m.id = p.meeting_id where p.uuid = 'p-lecture'")" "廉洁自律专题党课"
expect_eq "taken: the record points to the plan" \
    "$(sql "$DB" "select count(*) from meeting m join meeting_plan p on p.id = m.plan_id where p.uuid = 'p-lecture'")" 1
expect_contains "a 党员大会 is offered the 党员大会 plan" "$T/offer2.txt" "有一条 2026年11月 支部党员大会 的计划"
expect_eq "declined: the record is saved all the same" "$(sql "$DB" "select count(*) from meeting where topics = '另一次党员大会' and plan_id is null")" 1
expect_eq "declined: the plan stays open" "$(sql "$DB" "select ifnull(meeting_id, 0) from meeting_plan where uuid = 'p-general'")" 0
expect_not_contains "the fulfilled plan leaves the open plans" "$T/plans.txt" "廉洁自律"
expect_contains "the declined plan is still listed" "$T/plans.txt" "学习全会精神"

# No offer when nothing matches: another kind, or another month.
run_script nooffer 80x24 <<'KEYS'
1
<F2>
<Down><Enter>
<C-u>2026-11-21<Tab>09:00<Tab>10:00<Tab>村委会<Tab><Tab><Tab><Tab><Tab>又一次支委会
<F2>
:dump nooffer.txt
<F2>
<Enter>
<C-u>2026-10-30<Tab>09:00<Tab>10:00<Tab>村委会<Tab><Tab><Tab><Tab><Tab>十月底的党员大会
<F2>
:dump nooffer2.txt
KEYS
expect_not_contains "a committee meeting: no plan offered" "$T/nooffer.txt" "是否作为该计划的落实"
expect_not_contains "another month: no plan offered" "$T/nooffer2.txt" "是否作为该计划的落实"
expect_eq "both saved" "$(sql "$DB" "select count(*) from meeting where topics in ('又一次支委会', '十月底的党员大会')")" 2
