#!/bin/sh
# The member roster: add a member with a Chinese name through the form, see it in the list,
# reopen the database and find it; invalid input gives a message and saves nothing.
. "$(dirname "$0")/../lib.sh"

new_branch_db
run_script add 80x24 <<'KEYS'
2
:dump empty.txt
<F2>
王小明<Tab><Tab>1980-05-06<Tab><Tab><Tab>13800138000<Tab>2005-07-01<Tab><Tab>2006-07-01
<F2>
:dump list.txt
KEYS
expect_rc "roster script runs" 0
expect_contains "empty roster says so" "$T/empty.txt" "（没有符合条件的党员）"
expect_file_eq "the new member is in the list" "$T/list.txt" <<'SCREEN'
 支部工作台账 │ 红旗村党支部 │ 党员名册 王书记（支部书记）  测试时钟 2026-11-21
 在册党员：共 1 名
姓名             性别 党小组         党籍     党费类别 职务      流动 入党日期
王小明           男   —              正式     农民                    2005-07-01


















已保存：王小明
F1帮助 F2新增 F3搜索 F4筛选 F7导入 F8离开名册 h记录 z转正 m流动 F9导出 F10退出
SCREEN
expect_eq "the database holds the member" \
    "$(sql "$DB" "select name||'|'||birth_date||'|'||phone||'|'||join_date||'|'||full_date||'|'||status||'|'||created_by from member")" \
    "王小明|1980-05-06|13800138000|2005-07-01|2006-07-01|full|shuji"
expect_eq "the insert is in the history" "$(sql "$DB" "select count(*) from history where table_name='member' and action='insert'")" 1

# Reopen the database: the member is still there and can be found by search.
run_script reopen 80x24 <<'KEYS'
2
/小明
<Enter>
:dump found.txt
/<C-u>李
<Enter>
:dump notfound.txt
KEYS
expect_contains "after reopening, search finds the member" "$T/found.txt" "姓名含“小明”"
expect_contains "after reopening, the row is there" "$T/found.txt" "王小明           男"
expect_contains "a search with no match says so" "$T/notfound.txt" "没有姓名含“李”的党员"

# An impossible date: a message, and nothing saved.
run_script baddate 80x24 <<'KEYS'
2
<F2>
李四<Tab><Tab><Tab><Tab><Tab><Tab>2026-02-30<Tab><Tab>2027-03-01
<F2>
:dump baddate.txt
<Esc>
:dump confirm.txt
<Enter>
:dump back.txt
KEYS
expect_contains "invalid join date: status line message" "$T/baddate.txt" "未保存：入党日期 — 2026年2月没有30日"
expect_contains "invalid join date: the form stays open" "$T/baddate.txt" "新增党员"
expect_contains "Esc with changes asks first" "$T/confirm.txt" "放弃尚未保存的修改？"
expect_eq "invalid date saved nothing" "$(sql "$DB" "select count(*) from member where name='李四'")" 0

# Full-member date less than a year after joining; a future date; a phone with letters.
run_script rules 80x24 <<'KEYS'
2
<F2>
赵六<Tab><Tab><Tab><Tab><Tab><Tab>2025-07-01<Tab><Tab>2026-06-30
<F2>
:dump early.txt
<C-u>2026-12-01
<F2>
:dump future.txt
<C-u>2026-07-01<BTab><BTab><BTab><C-u>13x
<F2>
:dump phone.txt
<C-u>13912345678
<F2>
:dump saved.txt
KEYS
expect_contains "full-member date too early" "$T/early.txt" "转正日期须在入党满一年之后"
expect_contains "future date refused" "$T/future.txt" "日期不能晚于今天"
expect_contains "phone with letters refused" "$T/phone.txt" "电话只能是7到15位数字"
expect_contains "corrected record saves" "$T/saved.txt" "已保存：赵六"
expect_eq "only the corrected record is stored" "$(sql "$DB" "select full_date||'|'||phone from member where name='赵六'")" "2026-07-01|13912345678"

# A text longer than the ledger's field holds (15 full-width digits: 45 bytes for a 24-byte
# phone) is refused by name, never cut to a shorter value that is then checked or saved.
run_script rules 80x24 <<'KEYS'
2
<F2>
钱七<Tab><Tab><Tab><Tab><Tab><Tab>2020-07-01<Tab><Tab>2021-07-01<BTab><BTab><BTab>１３９１２３４５６７８９０１２
<F2>
:dump widephone.txt
KEYS
expect_contains "a phone too long for the ledger is said, not cut" "$T/widephone.txt" "未保存：电话内容过长，请删减"
expect_eq "nothing stored for it" "$(sql "$DB" "select count(*) from member where name='钱七'")" "0"

# A 200-character name pasted: the field holds 30 characters, so the program asks before cutting
# (Esc: nothing pasted; y: the first 30) and says what was left out; typing into the full field
# is refused with a message. The list keeps its columns.
long=$(/usr/bin/python3 -c 'print("欧阳" * 100)')
run_script longname 80x24 <<KEYS
2
<F2>
$long
:dump longask.txt
<Esc>
:dump longno.txt
$long
y
:dump longcut.txt
王
:dump longfull.txt
<Tab><Tab><Tab><Tab><Tab><Tab>2005-07-01<Tab><Tab>2006-07-01
<F2>
:dump longlist.txt
KEYS
expect_contains "a paste longer than the name field asks first" "$T/longask.txt" "粘贴的内容有 200 字，姓名最多 30 字，还能加入 30 字。"
expect_contains "Esc: nothing pasted, and said" "$T/longno.txt" "未粘贴（姓名最多 30 字）"
expect_not_contains "Esc: the field stays empty" "$T/longno.txt" "欧阳欧阳"
expect_contains "y: the first 30 characters, and what was left out" "$T/longcut.txt" "只粘贴了前 30 字（姓名最多 30 字），其余 170 字未加入"
expect_contains "typing into the full field is refused with a message" "$T/longfull.txt" "姓名最多 30 字，已满"
expect_eq "the name saved is the 30 characters the person saw" \
    "$(sql "$DB" "select length(name) from member where name like '欧阳%'")" 30
expect_fits "long names keep the list inside 80 columns" "$T/longlist.txt" 80 24
expect_contains "long name cut in its column, marked …" "$T/longlist.txt" "欧阳欧阳欧阳欧…  男"

# Leaving the roster: F8, way, date, reason, confirm. The row stays, greyed, in the filter.
run_script leave 80x24 <<'KEYS'
2
/王小明
<Enter><F8>
:dump way.txt
<Down><Enter>
<C-u>2026-11-30<Enter>
:dump leavebad.txt
<Enter>
<C-u>2026-11-20<Enter>
因病去世<Enter>
:dump confirmleave.txt
<Enter>
:dump left.txt
<F3><C-u><Enter><F4>
<End><Up><Enter>
:dump leftlist.txt
KEYS
expect_contains "leaving offers the ways" "$T/way.txt" "停止党籍"
expect_contains "a future leaving date is refused" "$T/leavebad.txt" "日期不能晚于今天"
expect_contains "leaving asks for confirmation" "$T/confirmleave.txt" "确认 王小明 于 2026-11-20 去世"
expect_eq "leaving is a status, not a delete" \
    "$(sql "$DB" "select leave_status||'|'||leave_date||'|'||leave_reason from member where name='王小明'")" "deceased|2026-11-20|因病去世"
expect_contains "the roster no longer lists a member who left" "$T/left.txt" "在册党员：共 0 名"
expect_contains "the left filter shows them" "$T/leftlist.txt" "王小明           男   —              去世"
expect_eq "history records the leaving" "$(sql "$DB" "select count(*) from history where action='leave'")" 1
