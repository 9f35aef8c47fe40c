#!/bin/sh
# The demo's bulk sets aside the triggers that keep dues_paid_year (audit_schema.h) and sums the
# allocations once at the end (src/store/meeting_demo.c paid_defer, paid_restore; issue 17).
# The file it leaves must hold the table as the triggers would have kept it, and the triggers
# themselves, as a new ledger has them, working.
. "$(dirname "$0")/../lib.sh"

ZHIBU_NOW=2026-11-21T08:00:00Z run_zhibu demo --db "$T/d.db" --branches 2 --years 3 --seed 5
expect_rc "demo" 0
"$ZHIBU" init --test --db "$T/new.db" --password-file "$PW" >"$T/init.out" 2>&1 ||
    fail "zhibu init" "$(cat "$T/init.out")"

triggers() {
    sql "$1" "select name, sql from sqlite_schema where type = 'trigger'
              and name like 'dues_paid_year%' order by name" | md5sum
}
expect_eq "the four triggers are there" "$(sql "$T/d.db" "select count(*) from sqlite_schema
    where type = 'trigger' and name like 'dues_paid_year%'")" "4"
expect_eq "each as a new ledger's" "$(triggers "$T/d.db")" "$(triggers "$T/new.db")"
expect_eq "no temporary table left behind" "$(sql "$T/d.db" "select count(*) from sqlite_schema
    where name like 'zd_%'")" "0"

# the sums again from the allocations, by year and member (payments not voided)
months=""
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    months="$months, sum(case when substr(a.month, 6, 2) = '$m' and p.voided_at is null
                         then a.amount else 0 end)"
done
SUMS="select cast(substr(a.month, 1, 4) as integer) as y, coalesce(a.member_id, p.member_id) as mid
      $months from dues_allocation a join dues_payment p on p.id = a.payment_id group by y, mid"
HAVE="select year, member_id, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12 from dues_paid_year"
rows=$(sql "$T/d.db" "select count(*) from dues_paid_year")
if [ "$rows" -gt 100 ]; then ok "dues_paid_year filled ($rows rows)"
else fail "dues_paid_year filled" "$rows rows"; fi
expect_eq "every row the allocations' sums" \
    "$(sql "$T/d.db" "select count(*) from ($HAVE except $SUMS)")" "0"
expect_eq "and every year of every member that paid has its row" \
    "$(sql "$T/d.db" "select count(*) from ($SUMS except $HAVE)")" "0"
expect_eq "the demo's months are paid" "$(sql "$T/d.db" "select sum(m1 + m2 + m3 + m4 + m5 + m6
    + m7 + m8 + m9 + m10 + m11 + m12) = (select sum(amount) from dues_allocation)
    from dues_paid_year")" "1"

run_zhibu verify --db "$T/d.db"
expect_rc "the demo verifies (its sums checked against the allocations)" 0

# the triggers work: a month added to a payment, then the payment voided
pay=$(sql "$T/d.db" "select id || ' ' || member_id from dues_payment order by id limit 1")
set -- $pay
sql "$T/d.db" "insert into dues_allocation(payment_id, month, amount, member_id)
               values ($1, '2099-03', 777, $2)"
expect_eq "an allocation added is summed" "$(sql "$T/d.db" "select m3 from dues_paid_year
    where year = 2099 and member_id = $2")" "777"
sql "$T/d.db" "update dues_payment set voided_at = '2026-11-21T08:00:00Z' where id = $1"
expect_eq "its payment voided takes it away" "$(sql "$T/d.db" "select m3 from dues_paid_year
    where year = 2099 and member_id = $2")" "0"
expect_eq "and the sums are the allocations' still" \
    "$(sql "$T/d.db" "select count(*) from ($HAVE except $SUMS)")" "0"
