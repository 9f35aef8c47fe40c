#!/bin/sh
# Party groups and the committee: create, rename, leader, member in group, appoint, relieve.
. "$(dirname "$0")/../lib.sh"

new_branch_db
run_script groups 80x24 <<'KEYS'
7
:dump nogroups.txt
<F2>
第一党小组<Enter>
<F2>
<Enter>
:dump emptyname.txt
<Esc>
<F2>
第一党小组<Enter>
:dump dupname.txt
<F2>
第二党小组<Enter>
:dump groups.txt
<Esc>2
<F2>
孙八<Tab><Tab><Tab><Tab><Tab><Tab>2005-07-01<Tab><Tab>2006-07-01<Tab><Tab><Tab><Enter>
:dump pickgroup.txt
<Down><Enter>
<F2>
<Esc>7
<Down>l
:dump noleader.txt
<Up>l
<Enter>
:dump leader.txt
<Esc>8
:dump nocommittee.txt
<F2>
<Enter>
:dump offices.txt
<Enter>
:dump officedate.txt
<Enter>
:dump committee.txt
<F8>
<Enter>
<Enter>
:dump relieved.txt
KEYS
expect_contains "no groups yet" "$T/nogroups.txt" "（本支部还没有党小组，按 F2 新建）"
expect_contains "an empty group name is refused" "$T/emptyname.txt" "不能为空"
expect_contains "a duplicate group name is refused" "$T/dupname.txt" "已存在"
expect_contains "groups listed" "$T/groups.txt" "第二党小组"
expect_contains "the member form offers the groups" "$T/pickgroup.txt" "第一党小组"
expect_eq "member put in a group" "$(sql "$DB" "select g.name from member m join party_group g on g.id=m.group_id where m.name='孙八'")" "第一党小组"
expect_contains "a group without members has no leader to pick" "$T/noleader.txt" "还没有党员"
expect_contains "leader set" "$T/leader.txt" "第一党小组 组长：孙八"
expect_eq "leader stored" "$(sql "$DB" "select m.name from party_group g join member m on m.id=g.leader_id")" "孙八"
expect_contains "no committee yet" "$T/nocommittee.txt" "（尚未登记支委，按 F2 任职）"
expect_contains "offices offered" "$T/offices.txt" "组织委员"
expect_contains "the office change asks its day (today offered)" "$T/officedate.txt" "任职日期"
expect_contains "appointed secretary" "$T/committee.txt" "孙八 任书记"
expect_contains "relieved" "$T/relieved.txt" "已免去 孙八 的职务"
expect_eq "office changes are in the history" "$(sql "$DB" "select count(*) from history where table_name='member' and action='update'")" 2
expect_eq "the office history holds the span" "$(sql "$DB" "select office||' '||from_date||' '||to_date from office_term")" "secretary 2026-11-21 2026-11-21"
