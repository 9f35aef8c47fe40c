#!/bin/sh
# A meeting record's history says what changed in its lists (issue 13): a removed resolution is
# shown with its text and votes ("删除「…」"), an added one likewise, changed votes with both
# counts, and each person whose attendance changed by name — never "（见记录）".
. "$(dirname "$0")/../lib.sh"

new_branch_db
# the committee: 王一 书记, 李二 组织委员, 张三 宣传委员
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
KEYS

# A committee meeting with two resolutions.
run_script log 80x24 <<'KEYS'
1
<F2>
<Down><Enter>
<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>研究发展党员<Tab>讨论
<F6>
<F2>同意2027年发展党员计划<Enter><C-u>3<Enter><C-u>0<Enter><C-u>0<Enter>
<F2>同意修缮村部屋顶<Enter><C-u>2<Enter><C-u>1<Enter><C-u>0<Enter>
<Esc>
<F2>
h
:dump created.txt
KEYS
expect_contains "created: the first resolution" "$T/created.txt" "决议：新增「同意2027年发展党员计划」（赞成 3，反对 0，弃权 0）"
expect_contains "created: the second resolution" "$T/created.txt" "决议：新增「同意修缮村部屋顶」（赞成 2，反对 1，弃权 0）"
expect_contains "created: attendance summed up" "$T/created.txt" "出席情况：3 人：出席 3，请假 0，缺席 0"
expect_not_contains "created: no （见记录）" "$T/created.txt" "见记录"

# Remove the first resolution, change the votes of the other, add a third; 李二 on leave (so
# two votes at most: no more votes than those present with a vote).
run_script edit 80x24 <<'KEYS'
1
<Enter>
<F6>
<F8>
<Enter>
<Enter>
<Enter><C-u>2<Enter><C-u>0<Enter><C-u>0<Enter>
<F2>同意开展冬季送温暖活动<Enter><C-u>2<Enter><C-u>0<Enter><C-u>0<Enter>
:dump res.txt
<Esc>
<F5>
<Down><Space>生病住院<Enter>
<Esc>
<F2>
h
:dump history.txt
KEYS
expect_contains "the resolutions are as edited" "$T/res.txt" "决议 2 项"
expect_contains "removed: its text and votes" "$T/history.txt" "决议：删除「同意2027年发展党员计划」（赞成 3，反对 0，弃权 0）"
expect_contains "votes changed: both counts" "$T/history.txt" \
    "决议：「同意修缮村部屋顶」票数 2/1/0 → 2/0/0（赞成/反对/弃权）"
expect_contains "added: its text and votes" "$T/history.txt" "决议：新增「同意开展冬季送温暖活动」（赞成 2，反对 0，弃权 0）"
expect_contains "attendance: the person and the change" "$T/history.txt" "出席情况：李二 出席 → 请假（生病住院）"
expect_not_contains "no （见记录）" "$T/history.txt" "见记录"
expect_fits "the history fits 80x24" "$T/history.txt" 80 24
expect_eq "stored: two resolutions" "$(sql "$DB" "select group_concat(text || ' ' || votes_for || '/' || votes_against, ';') from (select * from meeting_resolution order by seq)")" \
    "同意修缮村部屋顶 2/0;同意开展冬季送温暖活动 2/0"
