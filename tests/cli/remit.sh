#!/bin/sh
# 党费上缴 in the monthly review (zhibu audit --format json) on a hand-made branch: one member
# paying January to October 2026, the ledger begun in January. Never remitted: March passes (the
# first quarter is not over), April fails ("党费自2026年1月起未上缴"); the first quarter remitted in
# April: June passes (exactly three months), July fails ("党费已上缴至2026年3月，超过3个月未上缴");
# monthly (remit_interval_months = 1): April passes, May fails. Then the demo: no branch is listed
# before October, and those listed in October are the branches behind with their dues anyway.
. "$(dirname "$0")/../lib.sh"

new_branch_db
run_script roster 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2020-06-01<Tab><Right>
<F2>
KEYS
run_script dues 80x24 <<'KEYS'
3
s
<C-u>2026-01<Enter>
<Enter>
<BTab><C-u>2026-10
<F2>
:dump paid.txt
KEYS
expect_eq "one member, paid January to October" "$(sql "$DB" "select count(*), min(a.month), max(a.month) from dues_allocation a join dues_payment p on p.id = a.payment_id where p.voided_at is null")" "10|2026-01|2026-10"

# remit_reasons MONTH [CONFIG] — the review's 党费上缴 reasons of the branch (fails, text), and the dues state
remit_reasons() {
    cfg=${2:-$ZHIBU_CONFIG}
    ZHIBU_CONFIG=$cfg "$ZHIBU" audit --db "$DB" --month "$1" --branch 1101010001 --format json >"$T/a-$1.json" 2>"$T/a-$1.err" ||
        fail "audit $1" "$(cat "$T/a-$1.err")"
    /usr/bin/python3 - "$T/a-$1.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))[0]
rs = [r for r in b["reasons"] if "上缴" in r["text"]]
print(";".join("%s:%s:%s" % (r["item"], r["fails"], r["text"]) for r in rs) + "|" + b["states"]["dues"])
PY
}
expect_eq "never remitted, March: the first quarter not over" "$(remit_reasons 2026-03)" "|pass"
expect_eq "never remitted, April: listed, dues fail" "$(remit_reasons 2026-04)" "dues:True:党费自2026年1月起未上缴，超过3个月未上缴|fail"

run_script remit 80x24 <<'KEYS'
3
u
<F2>
<BTab><BTab><BTab><C-u>2026-04-08<Tab><C-u>2026-01<Tab><C-u>2026-03<Tab><Tab>SJ-2026-01
<F2>
:dump remitted.txt
KEYS
expect_eq "the first quarter remitted (the amount: what was collected)" "$(sql "$DB" "select date, from_month, to_month, amount_fen, receipt from dues_remittance")" "2026-04-08|2026-01|2026-03|$(sql "$DB" "select sum(amount) from dues_allocation where month between '2026-01' and '2026-03'")|SJ-2026-01"
expect_eq "April now passes" "$(remit_reasons 2026-04)" "|pass"
expect_eq "June: exactly three months after March, passes" "$(remit_reasons 2026-06)" "|pass"
expect_eq "July: one month more, listed" "$(remit_reasons 2026-07)" "dues:True:党费已上缴至2026年3月，超过3个月未上缴|fail"
expect_eq "November (not over) is not judged" "$(remit_reasons 2026-11)" "|pass"

# every branch at once (the remittances read on the load's second connection, in its thread,
# beside the main thread's members): the branch's reasons as --branch gives them
remit_reasons_all() {
    "$ZHIBU" audit --db "$DB" --month "$1" --format json >"$T/all-$1.json" 2>"$T/all-$1.err" ||
        fail "audit $1 (every branch)" "$(cat "$T/all-$1.err")"
    /usr/bin/python3 - "$T/all-$1.json" <<'PY'
import json, sys
b = [b for b in json.load(open(sys.argv[1])) if b["branch_code"] == "1101010001"][0]
rs = [r for r in b["reasons"] if "上缴" in r["text"]]
print(";".join("%s:%s:%s" % (r["item"], r["fails"], r["text"]) for r in rs) + "|" + b["states"]["dues"])
PY
}
expect_eq "every branch, June: passes, as --branch" "$(remit_reasons_all 2026-06)" "|pass"
expect_eq "every branch, July: listed, remitted to March, as --branch" "$(remit_reasons_all 2026-07)" "dues:True:党费已上缴至2026年3月，超过3个月未上缴|fail"
expect_eq "every branch, October: the same reasons as --branch" "$(remit_reasons_all 2026-10)" "$(remit_reasons 2026-10)"

sed 's/^remit_interval_months = 3/remit_interval_months = 1/' "$ZHIBU_CONFIG" >"$T/monthly.ini"
expect_eq "monthly: April passes" "$(remit_reasons 2026-04 "$T/monthly.ini")" "|pass"
expect_eq "monthly: May listed" "$(remit_reasons 2026-05 "$T/monthly.ini")" "dues:True:党费已上缴至2026年3月，超过1个月未上缴|fail"
sed 's/^remit_interval_months = 3/remit_interval_months = 0/' "$ZHIBU_CONFIG" >"$T/bad.ini"
ZHIBU_CONFIG=$T/bad.ini "$ZHIBU" audit --db "$DB" --month 2026-05 --format json >"$T/bad.json" 2>"$T/bad.err"
expect_contains "a remit interval of 0 is refused: the config's line named" "$T/bad.err" "键 dues.remit_interval_months 的值 \"0\" 无效，使用默认值 3"
/usr/bin/python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))[0]; print([r["text"] for r in b["reasons"] if "上缴" in r["text"]])' "$T/bad.json" >"$T/bad.reasons"
expect_contains "and the default (quarterly) applies: May passes" "$T/bad.reasons" "[]"

# the dues export's third sheet: the year's months collected against remitted, totals as SQL sums
run_zhibu export dues --db "$DB" --branch 1101010001 --year 2026 --out "$T/dues.xlsx"
expect_rc "export dues .xlsx" 0
C=$(sql "$DB" "select sum(amount) from dues_allocation")
R=$(sql "$DB" "select sum(amount_fen) from dues_remittance where voided_at is null")
JAN=$(sql "$DB" "select sum(amount) from dues_allocation where month = '2026-01'")
/usr/bin/python3 - "$T/dues.xlsx" "$C" "$R" "$JAN" >"$T/remit_sheet" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
c, r, jan = (int(x) for x in sys.argv[2:5])
rows = list(wb["党费上缴"].iter_rows(values_only=True))
fen = lambda v: round(v * 100)
print(rows[0][0].endswith("2026年 党费上缴汇总"), list(rows[1]))
print(rows[2][0], fen(rows[2][1]) == jan, fen(rows[2][2]) == r // 3, fen(rows[2][3]) == jan - r // 3)
print(rows[5][0], fen(rows[5][1]) == jan, fen(rows[5][2]) == 0)
print(rows[-1][0], fen(rows[-1][1]) == c, fen(rows[-1][2]) == r, fen(rows[-1][3]) == c - r)
PY
expect_file_eq "the remit sheet: a month remitted, a month not, the totals equal SQL sums" "$T/remit_sheet" <<'EOF2'
True ['月份', '已收(元)', '已上缴(元)', '未上缴(元)']
1月 True True True
4月 True True
合计 True True True
EOF2

# the demo: good branches pass in every month it reviews; October lists only branches behind
DEMO=$T/demo.db
"$ZHIBU" demo --db "$DEMO" >/dev/null 2>&1 || fail "demo" "zhibu demo failed"
for m in 2025-01 2025-02 2025-03 2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 \
         2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10; do
    "$ZHIBU" audit --db "$DEMO" --month $m --format json >"$T/d-$m.json" 2>&1 || fail "demo audit $m" "$(head -c 200 "$T/d-$m.json")"
done
/usr/bin/python3 - "$T" >"$T/demo.check" <<'PY'
import json, sys, glob, os
listed = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "d-*.json"))):
    month = os.path.basename(f)[2:9]
    for b in json.load(open(f)):
        rs = [r for r in b["reasons"] if "上缴" in r["text"]]
        if rs:
            others = [r for r in b["reasons"] if r["item"] == "dues" and "上缴" not in r["text"]]
            listed.setdefault(month, []).append((b["branch_code"], bool(others)))
print(" ".join(sorted(listed)))
print(all(o for v in listed.values() for _, o in v))
PY
expect_eq "the demo: branches listed only in October" "$(sed -n 1p "$T/demo.check")" "2026-10"
expect_eq "the demo: each listed branch is behind with its dues anyway" "$(sed -n 2p "$T/demo.check")" "True"
expect_eq "the demo: every branch remitted something" "$(sql "$DEMO" "select count(distinct branch_id) from dues_remittance")" "$(sql "$DEMO" "select count(*) from branch b where exists (select 1 from member m where m.branch_id = b.id)")"
expect_eq "the demo: remitted no more than collected, branch by branch" "$(sql "$DEMO" "select count(*) from (select r.branch_id, sum(r.amount_fen) s from dues_remittance r where r.voided_at is null group by r.branch_id) x where x.s > (select sum(a.amount) from dues_payment p join dues_allocation a on a.payment_id = p.id where p.branch_id = x.branch_id and p.voided_at is null)")" "0"
