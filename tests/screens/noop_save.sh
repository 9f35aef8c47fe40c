#!/bin/sh
# A save that changes nothing writes nothing and asks nothing (issue 14): F2 on an unchanged
# record of a reviewed (locked) month does not ask for 申请修改 and leaves no 改1; F2 on an
# unchanged member or branch leaves no empty 修改 line in the history; a real change still asks.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0
BR=$(sql "$DB" "select branch_id from app_user where login='shuji'")

# The reviewer passes the secretary's branch (the first row) for 2026-10: the month is locked.
login_demo shencha
run_script verdict 80x24 <<'KEYS'
5
<Home><Enter>
<Enter>
o
<Enter>
<Enter>
:dump verdict.txt
KEYS
expect_contains "the month has a verdict" "$T/verdict.txt" "总体：合格"
mark=$(sql "$DB" "select max(id) from history")
changes() { sql "$DB" "select count(*) from history where id > $mark and table_name <> 'app_user'"; }

# The secretary opens the newest record of October (below November's in the list) and presses F2.
login_demo shuji
NOV=$(sql "$DB" "select count(*) from meeting where branch_id=$BR and voided_at is null and date > '2026-10-31'")
MID=$(sql "$DB" "select id from meeting where branch_id=$BR and voided_at is null order by date desc, start_time desc, id desc limit 1 offset $NOV")
expect_eq "the record is of the locked month" "$(sql "$DB" "select substr(date,1,7) from meeting where id=$MID")" "2026-10"
BEFORE=$(sql "$DB" "select updated_at from meeting where id=$MID")
DOWNS=$(i=0; while [ $i -lt "$NOV" ]; do printf '<Down>'; i=$((i + 1)); done)
run_script meeting 80x24 <<KEYS
1
$DOWNS<Enter>
:dump open.txt
<F2>
:dump saved.txt
<Down><Down><Down><Enter>
<End>x<BS>
<F2>
:dump reverted.txt
KEYS
expect_contains "the form is open" "$T/open.txt" "│ 会议记录"
expect_not_contains "no 申请修改 asked" "$T/saved.txt" "修改原因"
expect_contains "the status says nothing was saved" "$T/saved.txt" "未作修改，无需保存"
expect_contains "back on the list" "$T/saved.txt" "│ 三会一课"
expect_contains "typed and taken back: still nothing to save" "$T/reverted.txt" "未作修改，无需保存"
expect_eq "no 审后修改" "$(sql "$DB" "select count(*) from amend_request")" 0
expect_eq "no history line" "$(changes)" 0
expect_eq "the record untouched" "$(sql "$DB" "select updated_at from meeting where id=$MID")" "$BEFORE"

# The reviewer's table shows no 改1.
login_demo shencha
run_script table 80x24 <<'KEYS'
5
<Home><Enter>
:dump table.txt
KEYS
expect_not_contains "no 改N on the table" "$T/table.txt" "改1"

# A member and the branch, saved unchanged: no empty 修改 line.
login_demo shuji
run_script others 80x24 <<'KEYS'
2
<Enter>
<F2>
:dump member.txt
<Esc>
6
<F2>
:dump branch.txt
KEYS
expect_contains "member: nothing to save" "$T/member.txt" "未作修改，无需保存"
expect_contains "branch: nothing to save" "$T/branch.txt" "未作修改，无需保存"
expect_eq "no history line for either" "$(changes)" 0

# A real change of the locked month still asks for 申请修改 (Esc: nothing written).
run_script change 80x24 <<KEYS
1
$DOWNS<Enter>
<Down><Down><Down><Down><Down><Down>
<End>（改）
<F2>
:dump ask.txt
<Esc>
KEYS
expect_contains "a change asks for the reason" "$T/ask.txt" "修改原因"
expect_eq "nothing written after Esc" "$(changes)" 0
