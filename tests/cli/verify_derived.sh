#!/bin/sh
# dues_paid_year (schema 10) is what the monthly review reads of the dues: the allocations summed
# by member and year, kept by triggers, not journaled. A change to it behind zhibu's back would
# change the review's conclusion while every journaled row still matched its journal: verify sums
# the allocations again and names each member and year that differ (journal_derived.c).
. "$(dirname "$0")/../lib.sh"

DB=$T/d.db
run_zhibu demo --db "$DB" --branches 2 --years 1 --seed 1
expect_rc "a demo" 0
run_zhibu verify --db "$DB"
expect_rc "untouched: exit 0" 0
expect_eq "untouched: 完整" "$(head -1 "$T/out")" "完整"

# one year of one member: a month's sum raised (as if paid)
KEY=$(sql "$DB" "select year || ' ' || member_id from dues_paid_year where m3 > 0 order by member_id, year limit 1")
Y=${KEY% *}
M=${KEY#* }
MU=$(sql "$DB" "select substr(uuid, 1, 8) from member where id = $M")
BR=$(sql "$DB" "select b.code from member m join branch b on b.id = m.branch_id where m.id = $M")
OTHER=$(sql "$DB" "select b.code from branch b where not exists (select 1 from branch c where c.parent_id = b.id)
    and b.code <> '$BR' order by code limit 1")
cp "$DB" "$T/raised.db"
sql "$T/raised.db" "update dues_paid_year set m4 = m4 + 5000 where year = $Y and member_id = $M" >/dev/null
run_zhibu verify --db "$T/raised.db"
expect_rc "a sum raised: exit 1" 1
expect_contains "a sum raised: the member and year named" "$T/out" \
    "党员 $MU 的 $Y 年党费汇总与缴费记录不符：在 zhibu 之外被改动"
run_zhibu verify --db "$T/raised.db" --branch "$BR"
expect_rc "a sum raised: --branch of the member's branch: exit 1" 1
expect_contains "a sum raised: --branch names it" "$T/out" "党员 $MU 的 $Y 年党费汇总"
run_zhibu verify --db "$T/raised.db" --branch "$OTHER"
expect_rc "a sum raised: another branch is clean" 0

# the row removed (as if never paid that year)
cp "$DB" "$T/removed.db"
sql "$T/removed.db" "delete from dues_paid_year where year = $Y and member_id = $M" >/dev/null
run_zhibu verify --db "$T/removed.db"
expect_rc "a year removed: exit 1" 1
expect_contains "a year removed: named" "$T/out" "党员 $MU 的 $Y 年党费汇总与缴费记录不符"
# one branch looks its members' rows up year by year (journal_derived.c DERIVED_ONE_SQL)
run_zhibu verify --db "$T/removed.db" --branch "$BR"
expect_rc "a year removed: --branch of the member's branch: exit 1" 1
expect_contains "a year removed: --branch names it" "$T/out" "党员 $MU 的 $Y 年党费汇总"
run_zhibu verify --db "$T/removed.db" --branch "$OTHER"
expect_rc "a year removed: another branch is clean" 0

# a year added for a member with no allocation in it
cp "$DB" "$T/added.db"
sql "$T/added.db" "insert into dues_paid_year(year, member_id, m1) values (1999, $M, 100)" >/dev/null
run_zhibu verify --db "$T/added.db"
expect_rc "a year added: exit 1" 1
expect_contains "a year added: named" "$T/out" "党员 $MU 的 1999 年党费汇总与缴费记录不符"
# years far apart, the member's rows found in each (the years the table holds, not a range)
sql "$T/added.db" "insert into dues_paid_year(year, member_id, m12) values (2999, $M, 100)" >/dev/null
run_zhibu verify --db "$T/added.db" --branch "$BR"
expect_rc "years added: --branch of the member's branch: exit 1" 1
expect_contains "years added: --branch names 1999" "$T/out" "党员 $MU 的 1999 年党费汇总与缴费记录不符"
expect_contains "years added: --branch names 2999" "$T/out" "党员 $MU 的 2999 年党费汇总与缴费记录不符"
run_zhibu verify --db "$T/added.db" --branch "$OTHER"
expect_rc "years added: another branch is clean" 0

# an all-zero year is no payment: not a difference
cp "$DB" "$T/zero.db"
sql "$T/zero.db" "insert into dues_paid_year(year, member_id) values (1998, $M)" >/dev/null
run_zhibu verify --db "$T/zero.db"
expect_rc "an all-zero year: exit 0" 0
