#!/bin/sh
# Party groups have a start and an end date (issue 14): on the demo, a group made today with a
# member moved into it does not make last December fail (it did: 三会一课 未达标, 扣 30 分); the
# groups screen shows the dates and sets them ('d'), refusing impossible dates, an end before
# the start and a date after today; a start moved back makes the group's missed December show,
# an end in December takes it away again. `zhibu audit` is what the reviewer sees.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB" --seed 3
expect_rc "demo" 0
login_demo shuji
BR=$(shuji_branch "$DB")

month_row() { # month -> the branch's CSV row without the name
    run_zhibu audit --db "$DB" --month "$1" --branch "$BR" --format csv
    tail -n 1 "$T/out" | cut -d, -f3-
}
BEFORE=$(month_row 2025-12)

# a new group, and the secretary (first on the roster) moved into it
run_script newgroup 80x24 <<'KEYS'
7
<F2>
第五党小组<Enter>
:dump made.txt
<Esc>2
<Enter>
<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Enter>
五<Enter>
<F2>
<Esc>7
:dump listed.txt
KEYS
expect_contains "made: its start is today, and how to change it" "$T/made.txt" "已新建党小组：第五党小组，成立日期 2026-11-21（按 d 修改）"
expect_eq "the member is in the new group" \
    "$(sql "$DB" "select count(*) from member m join party_group g on g.id = m.group_id where g.name = '第五党小组' and g.branch_id = (select id from branch where code = '$BR')")" 1
expect_eq "stored start date today, no end" \
    "$(sql "$DB" "select start_date || '|' || end_date from party_group where name = '第五党小组'")" "2026-11-21|"
expect_contains "the list shows the dates" "$T/listed.txt" "第五党小组                      （未指定）               1 2026-11-21 —"
expect_eq "last December as before the group was made" "$(month_row 2025-12)" "$BEFORE"
run_zhibu audit --db "$DB" --month 2025-12 --branch "$BR" --format text
expect_not_contains "no reason about the new group in December" "$T/out" "第五党小组"
run_zhibu audit --db "$DB" --month 2026-11 --branch "$BR" --format text
expect_not_contains "nor in the month it was made (from the 21st)" "$T/out" "第五党小组"
run_script remind1 80x24 <<'KEYS'
r
:dump remind1.txt
KEYS
expect_not_contains "the home screen does not remind of it this month" "$T/remind1.txt" "第五党小组"

# the dates: bad input first, then a start in June 2025
run_script dates 80x24 <<'KEYS'
7
<Down><Down>d
:dump ask.txt
<C-u>2025-02-30<Enter>
<Enter>
:dump impossible.txt
<Enter>
<C-u>2025-06-01<Enter>
2025-05-01<Enter>
:dump backwards.txt
<Enter>
<C-u>2026-12-01<Enter>
:dump future.txt
<Enter>
<C-u><Enter>
:dump set.txt
KEYS
expect_contains "the start is asked with today's" "$T/ask.txt" "成立日期（YYYY-MM-DD）："
expect_contains "an impossible date is refused, naming it" "$T/impossible.txt" "成立日期：2025年2月没有30日"
expect_contains "an end before the start is refused" "$T/backwards.txt" "撤销日期应晚于成立日期"
expect_contains "an end after today is refused" "$T/future.txt" "撤销日期不能晚于今天"
expect_contains "saved" "$T/set.txt" "第五党小组：成立 2025-06-01，尚未撤销"
expect_contains "the list shows the start" "$T/set.txt" "第五党小组                      （未指定）               1 2025-06-01 —"
expect_eq "stored" "$(sql "$DB" "select start_date || '|' || end_date from party_group where name = '第五党小组'")" "2025-06-01|"
expect_eq "the change is in the history" \
    "$(sql "$DB" "select count(*) from history where table_name = 'party_group' and json_extract(new_json, '$.start_date') = '2025-06-01'")" 1
run_zhibu audit --db "$DB" --month 2025-12 --branch "$BR" --format text
expect_contains "standing since June with a member, it had to meet in December" "$T/out" "第五党小组12月未召开党小组会"
run_script history 100x30 <<'KEYS'
7
<Down><Down>h
:dump history.txt
KEYS
expect_contains "the group's history shows the start moved" "$T/history.txt" "成立日期：2026-11-21 → 2025-06-01"
run_script remind2 80x24 <<'KEYS'
r
:dump remind2.txt
KEYS
expect_contains "standing all November, the home screen reminds of it" "$T/remind2.txt" "第五党小组本月尚未召开党小组会"

# ended on 2025-12-15: December is not required of it any more, November still is
run_script ended 80x24 <<'KEYS'
7
<Down><Down>d
<Enter>
2025-12-15<Enter>
:dump ended.txt
KEYS
expect_contains "the end is shown" "$T/ended.txt" "1 2025-06-01 2025-12-15"
expect_eq "December as before" "$(month_row 2025-12)" "$BEFORE"
run_zhibu audit --db "$DB" --month 2025-11 --branch "$BR" --format text
expect_contains "November still asked of it" "$T/out" "第五党小组11月未召开党小组会"
run_zhibu verify --db "$DB"
expect_rc "the journal verifies" 0
