#!/bin/sh
# 三会一课 in the interface at 80x24: log a committee meeting with Chinese topics, minutes longer
# than the screen, attendance with reasons and a resolution; find it with the right counts; edit
# it and see the history; search with 1, 2 and 4 characters and with FTS syntax; void it; the
# late-entry mark; plans and the home screen's reminders; bad input saves nothing.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# the committee: 王一 书记, 李二 组织委员, 张三 宣传委员; and 赵四 without office
run_script roster 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right><Right><Right>
<F2>
<F2>
张三<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right><Right><Right><Right>
<F2>
<F2>
赵四<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
KEYS
expect_eq "four members, three on the committee" "$(sql "$DB" "select count(*), sum(office<>'') from member")" "4|3"

minutes=$(/usr/bin/python3 -c 'print("书记传达了乡镇党委关于秋冬季防火安全工作的部署要求，" * 8)')
run_script log 80x24 <<KEYS
1
:dump empty.txt
<F2>
:dump kinds.txt
<Down><Enter>
:dump new.txt
<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>研究秋冬季防火安全工作<Enter>讨论发展党员计划<Tab>$minutes<Tab>村委会主任李明
:dump form.txt
<F5>
<Down><Space>生病住院<Enter>
:dump att.txt
<Esc><F6>
<F2>同意2027年发展党员计划<Enter><C-u>2<Enter><C-u>0<Enter><C-u>0<Enter>
:dump res.txt
<Esc>
:dump form2.txt
<F2>
:dump list.txt
KEYS
expect_rc "logging runs" 0
expect_contains "an empty list says how to start" "$T/empty.txt" "（没有符合条件的会议记录，按 F2 登记）"
expect_contains "the kind picker lists the kinds" "$T/kinds.txt" "民主评议党员"
expect_contains "a new record says what is missing" "$T/new.txt" "缺：时间、地点、议题、会议内容、决议及表决"
expect_contains "the expected list comes from the committee" "$T/new.txt" "应到 3 实到 3"
expect_contains "minutes longer than the screen wrap" "$T/form.txt" "书记传达了乡镇党委关于秋冬季防"
expect_fits "the form fits 80x24" "$T/form.txt" 80 24
expect_contains "attendance shows the reason" "$T/att.txt" "李二                   正式 组织委员 请假 生病住院"
expect_contains "attendance counts live" "$T/att.txt" "应到 3  实到 2  请假 1  缺席 0"
expect_contains "the resolution with its votes" "$T/res.txt" "同意2027年发展党员计划"
expect_contains "quorum and completeness shown live" "$T/form2.txt" "应到 3 实到 2  法定人数：已达到  要素齐全"
expect_contains "the list shows the record with its counts" "$T/list.txt" "2026-11-20 支委会   研究秋冬季防火安全工作                  2/3"
expect_fits "the list fits 80x24" "$T/list.txt" 80 24
expect_eq "the record in the database" \
    "$(sql "$DB" "select kind||'|'||date||'|'||start_time||'-'||end_time||'|'||place||'|'||expected||'/'||present||'/'||on_leave||'|'||quorum||'|'||missing_mask||'|'||length(minutes)||'|'||created_by from meeting")" \
    "committee|2026-11-20|09:00-11:30|村委会会议室|3/2/1|1|0|208|shuji"
expect_eq "the reason is stored with the attendance" \
    "$(sql "$DB" "select m.name||':'||a.mark||':'||a.reason from meeting_attendance a join member m on m.id=a.member_id where a.mark<>'present'")" "李二:leave:生病住院"
expect_eq "the resolution and votes are stored" \
    "$(sql "$DB" "select text||'|'||votes_for||'|'||votes_against||'|'||votes_abstain from meeting_resolution")" "同意2027年发展党员计划|2|0|0"
expect_eq "host and recorder default to the secretary and the organising member" \
    "$(sql "$DB" "select h.name||'|'||r.name from meeting g join member h on h.id=g.host_id join member r on r.id=g.recorder_id")" "王一|李二"

# Edit: change the place; the history shows the old and new values.
run_script edit 80x24 <<'KEYS'
1
<Enter>
:dump opened.txt
<BTab><BTab><BTab><BTab><BTab><C-u>党员活动室
<F2>
h
:dump history.txt
KEYS
expect_contains "an opened record shows when it was entered" "$T/opened.txt" "录入于 2026-11-21（王书记，会后 1 天）"
expect_contains "the history shows the change" "$T/history.txt" "地点：村委会会议室 → 党员活动室"
expect_eq "the edit is stored" "$(sql "$DB" "select place from meeting")" "党员活动室"
expect_eq "the history keeps the old values" "$(sql "$DB" "select count(*) from history where table_name='meeting' and action='update' and old_json like '%村委会会议室%'")" 1

# Search with 1, 2, 4 characters; text that is FTS5 syntax; no match.
run_script search 80x24 <<'KEYS'
1
/防
<Enter>
:dump s1.txt
/<C-u>防火
<Enter>
:dump s2.txt
/<C-u>秋冬季防
<Enter>
:dump s4.txt
/<C-u>发展党员计划
<Enter>
:dump s6.txt
/<C-u>"防火" AND *
<Enter>
:dump sq.txt
/<C-u>不存在的议题
<Enter>
:dump s0.txt
KEYS
for n in 1 2 4 6; do expect_contains "search with $n characters finds the record" "$T/s$n.txt" "研究秋冬季防火安全工作"; done
expect_contains "FTS syntax in a search is plain text" "$T/sq.txt" "共 0 条"
expect_not_contains "FTS syntax gives no error" "$T/sq.txt" "失败"
expect_contains "no match says so" "$T/s0.txt" "没有含“不存在的议题”的会议记录"

# Bad input: a future date, the end before the start, an impossible time. Nothing saved.
run_script bad 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-22<Tab>09:00<Tab>08:00
<F2>
:dump future.txt
<C-u>2026-11-19
<F2>
:dump endbefore.txt
<C-u>25:00
<F2>
:dump badtime.txt
<Esc><Enter>
KEYS
expect_contains "a future date is refused" "$T/future.txt" "会议日期不能晚于今天"
expect_contains "the end before the start is refused" "$T/endbefore.txt" "结束时间须晚于开始时间"
expect_contains "an impossible time is refused" "$T/badtime.txt" "没有25时：小时应为 0 到 23"
expect_eq "bad input saved nothing" "$(sql "$DB" "select count(*) from meeting")" 1

# A record entered 20 days after the meeting is marked 补记.
run_script late 80x24 <<'KEYS'
1
<F2>
<Down><Down><Down><Down><Enter>
<C-u>2026-11-01<Tab>14:00<Tab>16:00<Tab>党员活动室<Tab><Tab><Tab><Tab><Tab>学习党章
<F2>
:dump late.txt
KEYS
expect_contains "a late entry is marked 补记 and what is missing" "$T/late.txt" "学习党章                                4/4 补记 要素不全"

# Void with a reason: gone from the list, kept with its mark under 全部（含已作废）.
run_script void 80x24 <<'KEYS'
1
<End><F8>
:dump voidask.txt
<Enter>
:dump voidempty.txt
误录，重复登记<Enter>
:dump voidconfirm.txt
<Enter>
:dump voided.txt
<F4>
<End><Enter>
:dump withvoided.txt
<End><Enter>
:dump readonly.txt
KEYS
expect_contains "voiding asks for a reason" "$T/voidask.txt" "作废原因"
expect_contains "an empty reason is refused" "$T/voidempty.txt" "不能为空"
expect_contains "voiding asks to confirm" "$T/voidconfirm.txt" "确认作废这条记录？"
expect_contains "a voided record leaves the list" "$T/voided.txt" "全部会议记录：共 1 条"
expect_contains "the voided record is kept and marked" "$T/withvoided.txt" "已作废"
expect_contains "a voided record opens read-only" "$T/readonly.txt" "已作废（王书记"
expect_eq "void keeps the row with its reason" "$(sql "$DB" "select void_reason from meeting where voided_at <> ''")" "误录，重复登记"

# Plans: one in four days, one overdue (written behind the program's back), recorded from the plan.
run_script plan 80x24 <<'KEYS'
1
p
<F2>
<Enter>
<C-u>2026-11-25<Enter>
学习贯彻全会精神<Enter>
:dump plans.txt
KEYS
expect_contains "a plan is listed with the days left" "$T/plans.txt" "还有 4 天"
sql "$DB" "insert into meeting_plan(uuid, branch_id, kind, group_id, date, topic, created_at, created_by, updated_at) select 'p-overdue', id, 'lecture', null, '2026-11-10', '党课：廉洁自律', '2026-11-01T00:00:00Z', 'test', '2026-11-01T00:00:00Z' from branch"
run_script home 80x24 <<'KEYS'
:dump home.txt
1
p
:dump plans2.txt
<Enter>
:dump fromplan.txt
<Tab>14:00<Tab>16:00<Tab>党员活动室
<F2>
<Esc>
p
:dump plans3.txt
KEYS
expect_contains "home: the plan in four days" "$T/home.txt" "4 天后（11-25）：党员大会 学习贯彻全会精神"
expect_contains "home: the overdue plan" "$T/home.txt" "计划已逾期 11 天：11-10 党课 党课：廉洁自律"
expect_contains "home: what the rules still require" "$T/home.txt" "本季度尚未召开支部党员大会，还剩 41 天"
expect_fits "home with reminders fits 80x24" "$T/home.txt" 80 24
expect_contains "an overdue plan is marked" "$T/plans2.txt" "逾期 11 天"
expect_contains "recording a plan fills in its topic" "$T/fromplan.txt" "党课：廉洁自律"
expect_not_contains "a recorded plan leaves the open plans" "$T/plans3.txt" "廉洁自律"
expect_eq "the plan points to its record" "$(sql "$DB" "select count(*) from meeting_plan p join meeting m on m.id=p.meeting_id where p.uuid='p-overdue'")" 1

# The yearly summary, F9 print of a record and F9 export of the list.
run_script summary 80x24 <<'KEYS'
1
s
:dump summary.txt
<Left>
:dump summary2025.txt
<Esc><Home><Enter><F9>
:dump printask.txt
<C-u>page.txt<Enter>
:dump printed.txt
<Esc><F9>
<C-u>list.xlsx<Enter>
:dump exported.txt
<F9>
<C-u>list.doc<Enter>
:dump badext.txt
KEYS
expect_fits "the summary fits 80x24" "$T/summary.txt" 80 24
grep -a "^ 支委会" "$T/summary.txt" >"$T/committee_row"
expect_contains "the summary counts the committee meeting in November and marks the short months" "$T/committee_row" "0!  0!  0!  0!  0!  0!  0!  0!  0!  0!  1   0     1 每月1次"
expect_contains "a year without records is all short" "$T/summary2025.txt" "2025 年各类会议逐月次数"
expect_contains "F9 on a record offers a file name" "$T/printask.txt" "会议记录-2026-11-20-支部委员会.txt"
expect_contains "the printed page is written" "$T/printed.txt" "已写入 page.txt"
if [ -f "$T/page.txt" ]; then
    expect_contains "the page holds the topics" "$T/page.txt" "研究秋冬季防火安全工作"
    expect_contains "the page holds the absentee and reason" "$T/page.txt" "生病住院"
    mw=$(max_width "$T/page.txt")
    if [ "$mw" -le 72 ]; then ok "the page is at most 72 columns"; else fail "the page is at most 72 columns" "$mw"; fi
fi
expect_contains "F9 on the list exports" "$T/exported.txt" "已导出"
/usr/bin/python3 - "$T/list.xlsx" <<'PY' && ok "the export reads back in openpyxl" || fail "the export reads back in openpyxl" "see above"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["会议记录", "出席情况", "会议内容", "决议"], wb.sheetnames
rows = list(wb["会议记录"].iter_rows(values_only=True))
assert len(rows) == 4, rows  # title, header + two records not voided
assert any("研究秋冬季防火安全工作" in str(c) for r in rows for c in r if c), rows
PY
expect_contains "an unknown extension is refused" "$T/badext.txt" "文件名须以 .xlsx、.csv 或 .json 结尾"

# Minutes of 20,000 characters: the form opens and scrolls them, refuses a character more,
# and saving keeps every one.
id=$(sql "$DB" "select min(id) from meeting where voided_at = '' or voided_at is null")
sql "$DB" "update meeting set minutes = (with recursive r(n, s) as (select 1, '会' union all select n + 1, s || '议' from r where n < 20000) select s from r where n = 20000) where id = $id"
expect_eq "a record with 20,000 characters of minutes" "$(sql "$DB" "select length(minutes) from meeting where id = $id")" 20000
run_script huge2 80x24 <<'KEYS'
1
<Home><Enter>
<Tab><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><PgDn><End>多
:dump huge.txt
<S-Tab><End>补
<F2>
:dump hugesaved.txt
KEYS
expect_fits "a form with 20,000 characters of minutes fits 80x24" "$T/huge.txt" 80 24
expect_contains "the minutes are shown" "$T/huge.txt" "议议议议"
expect_contains "saving it works" "$T/hugesaved.txt" "已保存"
expect_eq "no character lost or added past the limit" "$(sql "$DB" "select length(minutes) from meeting where id = $id")" 20000

# A stale count (issue 13): in a 党小组会 form the live line follows the group chosen, at once —
# switching to 第二党小组 shows its own 应到, not the first group's until F5. Two members in the
# first group, one in the second; once marks are made, a switch asks before making the list again.
run_script groups 80x24 <<'KEYS'
7
<F2>
第一党小组<Enter>
<F2>
第二党小组<Enter>
<Esc>2
<F2>
孙八<Tab><Tab><Tab><Tab><Tab><Tab>2005-07-01<Tab><Tab>2006-07-01<Tab><Tab><Tab><Enter>
<Down><Enter>
<F2>
<F2>
周九<Tab><Tab><Tab><Tab><Tab><Tab>2005-07-01<Tab><Tab>2006-07-01<Tab><Tab><Tab><Enter>
<Down><Enter>
<F2>
<F2>
吴十<Tab><Tab><Tab><Tab><Tab><Tab>2005-07-01<Tab><Tab>2006-07-01<Tab><Tab><Tab><Enter>
<Down><Down><Enter>
<F2>
KEYS
expect_eq "two members in the first group, one in the second" \
    "$(sql "$DB" "select group_concat(g.name||':'||n, ' ') from (select group_id, count(*) n from member where group_id is not null group by group_id) c join party_group g on g.id=c.group_id")" \
    "第一党小组:2 第二党小组:1"
run_script stale 80x24 <<'KEYS'
1
<F2>
<Down><Down><Enter>
:dump group1.txt
<BTab><Right>
:dump group2.txt
<Left>
:dump group1again.txt
<F5>
<Space>
出差<Enter>
<Esc>
:dump marked.txt
<Right>
:dump ask.txt
<Enter>
:dump asked.txt
KEYS
expect_contains "the first group's 应到" "$T/group1.txt" "应到 2 实到 2"
expect_contains "switching to 第二党小组: its 应到 at once" "$T/group2.txt" "应到 1 实到 1"
expect_contains "the group shown is the second" "$T/group2.txt" "党小组*     第二党小组"
expect_contains "and back: the first group's again" "$T/group1again.txt" "应到 2 实到 2"
expect_contains "a mark made: one on leave" "$T/marked.txt" "应到 2 实到 1"
expect_contains "after marks, a switch asks first" "$T/ask.txt" "重新生成应到名单"
expect_contains "confirmed: the second group's list" "$T/asked.txt" "应到 1 实到 1"
