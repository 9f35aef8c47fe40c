#!/bin/sh
# The post review's period (issue 13): the picker opens on the first period not yet reviewed for
# the holder (the last period ended, else the current one, else older ones), marks the periods
# reviewed already, and a period that cannot be reviewed is refused when picked — before the
# rating, date, comment and reward are typed. With nothing left, v says so at once.
. "$(dirname "$0")/../lib.sh"

new_branch_db
run_script setup 80x24 <<'KEYS'
2
<F2>
张三<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<Esc>
4
<F2>
宣传教育类<Tab>政策宣传岗<Tab>宣传党的路线方针政策<Tab><C-u>1
<F2>
<Enter>
<F2>
<Enter>
<Enter>
<C-u>2020-03-01<Enter>
<Enter>
:dump claimed.txt
KEYS
expect_eq "张三 holds the post since 2020" "$(sql "$DB" "select claimed from post_holding")" "2020-03-01"

# A first review: the picker opens on 2025, the last year ended.
run_script first 80x24 <<'KEYS'
4
<Enter>
v
:dump picker1.txt
<Enter>
<Enter>
<Enter>
履职认真<Enter>
<Enter>
:dump first.txt
KEYS
expect_contains "the picker lists the current year" "$T/picker1.txt" "2026年"
expect_eq "the first review is of 2025" "$(sql "$DB" "select group_concat(period_start, ',') from post_review")" "2025-01-01"

# Then 2025 is marked; picking it is refused at once (no rating asked); the picker opens on 2026.
run_script again 80x24 <<'KEYS'
4
<Enter>
v
:dump picker2.txt
<Down><Enter>
:dump refused.txt
<Enter>
:dump back.txt
<Up><Enter>
<Enter>
<Enter>
带头宣讲<Enter>
<Enter>
:dump second.txt
KEYS
expect_contains "a reviewed period is marked in the picker" "$T/picker2.txt" "2025年（已评议：称职）"
expect_contains "picking it is refused with why" "$T/refused.txt" "张三 2025年：已评议（称职，评议日期 2026-11-21），同一期间不能重复评议"
expect_not_contains "refused before the rating is asked" "$T/refused.txt" "评议等次"
expect_contains "after the refusal the picker is back" "$T/back.txt" "评议期间"
expect_eq "the second review is of 2026" "$(sql "$DB" "select group_concat(period_start, ',') from (select * from post_review order by id)")" "2025-01-01,2026-01-01"

# Accepting what the picker offers: 2024, then 2023; then nothing is left and v says so.
run_script older 80x24 <<'KEYS'
4
<Enter>
v
<Enter>
<Enter>
<Enter>
<Enter>
<Enter>
v
:dump picker3.txt
<Enter>
<Enter>
<Enter>
<Enter>
<Enter>
v
:dump none.txt
KEYS
expect_contains "the older years follow" "$T/picker3.txt" "2024年（已评议：称职）"
expect_eq "2024 and then 2023" "$(sql "$DB" "select group_concat(period_start, ',') from (select * from post_review order by id)")" \
    "2025-01-01,2026-01-01,2024-01-01,2023-01-01"
expect_contains "nothing left: said at once" "$T/none.txt" "没有可登记的期间"
expect_not_contains "nothing left: no picker" "$T/none.txt" "评议等次"
expect_eq "no review twice for a period" "$(sql "$DB" "select count(*) from post_review")" 4

# A holder who claimed this month (the full post's warning accepted): the years before the claim
# are marked, 2026 is offered.
run_script recent 80x24 <<'KEYS'
2
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<Esc>
4
<Enter>
<F2>
<Down><Enter>
<Enter>
<Enter>
<C-u>2026-11-02<Enter>
<Enter>
<Down>v
:dump picker4.txt
<Enter>
<Enter>
<Enter>
<Enter>
<Enter>
KEYS
expect_contains "years before the claim are marked" "$T/picker4.txt" "2025年（认领岗位之前）"
expect_eq "the recent holder's review is of 2026" \
    "$(sql "$DB" "select v.period_start from post_review v join post_holding h on h.id = v.holding_id where h.claimed = '2026-11-02'")" "2026-01-01"
