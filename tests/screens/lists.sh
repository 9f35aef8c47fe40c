#!/bin/sh
# Lists are complete (issue 13): no screen reads a list into a fixed array and drops what does
# not fit. 2,100 rectification orders (整改事项 held 2,000), 70 party groups (the screens held 64)
# in the groups screen, the home page, the meeting form's and member form's pickers.
. "$(dirname "$0")/../lib.sh"

new_branch_db

# 2,100 orders: 300 months x 7 items, written behind the program's back (the township's verdicts
# would make them one by one).
sql "$DB" "with recursive k(i) as (select 0 union all select i + 1 from k where i < 299),
  items(item) as (values ('meetings'), ('theme_day'), ('records'), ('members'), ('dues'), ('posts'), ('overall'))
  insert into rectification(uuid, branch_id, month, item, order_text, deadline, created_at, created_by, updated_at)
  select 'r-' || i || '-' || item, (select id from branch), strftime('%Y-%m', '2026-11-01', '-' || i || ' months'),
         item, '整改第' || i || '项', '2099-12-31', '2026-11-01T00:00:00Z', 'test', '2026-11-01T00:00:00Z'
  from k, items"
expect_eq "2,100 orders written" "$(sql "$DB" "select count(*) from rectification")" 2100
run_script rectify 80x24 <<'KEYS'
5
<Down><Down><Enter>
:dump top.txt
<End>
:dump end.txt
KEYS
expect_contains "every order is counted" "$T/top.txt" "本支部整改事项 2100 项，其中逾期 0 项"
expect_contains "the newest month first" "$T/top.txt" "2026-11"
expect_contains "the oldest order is reached" "$T/end.txt" "2001-12"

# 70 groups, made through the interface.
keys=$T/groups.keys.in
printf '7\n' >"$keys"
i=1
while [ $i -le 70 ]; do printf '<F2>第%d组<Enter>\n' $i >>"$keys"; i=$((i + 1)); done
printf ':dump groups.txt\n<End>\n:dump groups_end.txt\n<Esc>\n:dump home.txt\n' >>"$keys"
run_script groups 80x24 <"$keys"
expect_eq "70 groups stored" "$(sql "$DB" "select count(*) from party_group")" 70
expect_contains "the groups screen counts every group" "$T/groups.txt" "党小组 70 个"
expect_contains "the last group is listed" "$T/groups_end.txt" "第70组"
expect_contains "the home page counts every group" "$T/home.txt" "党小组 70 个"

# A 党小组会 of the 70th group: the form's picker offers it.
run_script meeting 80x24 <<'KEYS'
1
<F2>
<Down><Down><Enter>
<S-Tab><Enter>
<End>
:dump picker.txt
<Enter>
<Tab><C-u>2026-11-20<Tab>09:00<Tab>10:00<Tab>村委会
<F2>
KEYS
expect_contains "the meeting form's group picker reaches the 70th" "$T/picker.txt" "第70组"
expect_eq "the meeting is of the 70th group" "$(sql "$DB" "select g.name from meeting m join party_group g on g.id = m.group_id")" "第70组"

# The member form's group picker too.
run_script member 80x24 <<'KEYS'
2
<F2>
李四<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Tab><Enter>
<End>
:dump mpicker.txt
<Enter>
<F2>
KEYS
expect_contains "the member form's group picker reaches the 70th" "$T/mpicker.txt" "第70组"
expect_eq "the member is in the 70th group" "$(sql "$DB" "select g.name from member m join party_group g on g.id = m.group_id where m.name = '李四'")" "第70组"
