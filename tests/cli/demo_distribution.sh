#!/bin/sh
# zhibu demo (issue 14): a demo month looks like a real township's. The distribution stated in
# src/cli/demo.c (enum demo_standing, DEMO_SLIPS_PER_MILLE, DEMO_BEHIND_EVERY, SLIP_PROBLEMS,
# STANDING_RATES), as `zhibu audit --format csv` finds it over the demo's whole months
# (2024-12 to 2026-10 with ZHIBU_TODAY=2026-11-21), for a small township and a larger one:
#   - 60–80% of branch-months 合格 (no item 未达标); in the last whole month, where the recent
#     problems (arrears, overdue reports and 转正, members out of touch) gather, 40–90%, and
#     each item passed by 70% of the branches or more;
#   - every item passed and failed somewhere, and no item failed by every branch in any month;
#   - each item failed in at most a fifth of the branch-months;
#   - at least one branch clearly behind: several items failed in each of the last two months,
#     the first branch (1101010001, the secretary's) among them;
#   - the other branches' problems varied: several different items failed in the last month.
. "$(dirname "$0")/../lib.sh"

for n in 12 40; do
    DB=$T/d$n.db
    run_zhibu demo --db "$DB" --branches "$n"
    expect_rc "--branches $n: demo made" 0
    : >"$T/audit$n.csv"
    bad=0
    for ym in 2024-12 2025-01 2025-02 2025-03 2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 \
              2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 \
              2026-08 2026-09 2026-10; do
        "$ZHIBU" audit --db "$DB" --month "$ym" --format csv >"$T/one.csv" 2>"$T/err" || bad=1
        if [ -s "$T/audit$n.csv" ]; then tail -n +2 "$T/one.csv" >>"$T/audit$n.csv"
        else cat "$T/one.csv" >"$T/audit$n.csv"; fi
    done
    expect_eq "--branches $n: audit of each month exits 0" "$bad" "0"
    /usr/bin/python3 - "$T/audit$n.csv" "$n" >"$T/dist$n" <<'PY'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
n = int(sys.argv[2])
items = ["meetings", "theme_day", "records", "members", "dues", "posts"]
months = sorted({r["month"] for r in rows})
out = []
# every branch in every month
out.append("rows %s" % (len(rows) == n * len(months) and len(months) == 23))
# 合格: no item failed
ok = lambda r: all(r[i] != "fail" for i in items)
share = 100.0 * sum(ok(r) for r in rows) / len(rows)
out.append("share %s" % (60 <= share <= 80))
last = [r for r in rows if r["month"] == months[-1]]
last_share = 100.0 * sum(ok(r) for r in last) / len(last)
out.append("last %s %s" % (40 <= last_share <= 90,
                          all(sum(r[i] != "fail" for r in last) * 10 >= len(last) * 7 for i in items)))
# the suggestion agrees: pass exactly where no item failed
out.append("suggest %s" % all((r["suggest"] == "pass") == ok(r) for r in rows))
for i in items:
    fails = sum(r[i] == "fail" for r in rows)
    passes = sum(r[i] == "pass" for r in rows)
    everyone = any(all(r[i] == "fail" for r in rows if r["month"] == m) for m in months)
    out.append("%s %s %s %s" % (i, fails > 0 and passes > 0, not everyone, fails * 5 <= len(rows)))
# clearly behind: three or more items failed in each of the last two months
def failed(code, month):
    return sum(r[i] == "fail" for r in rows if r["branch_code"] == code and r["month"] == month
               for i in items)
behind = [c for c in sorted({r["branch_code"] for r in rows})
          if failed(c, months[-1]) >= 3 and failed(c, months[-2]) >= 3]
out.append("behind %s %s" % (1 <= len(behind) <= max(2, n // 10), "1101010001" in behind))
# the others' problems: varied
varied = {i for r in last if r["branch_code"] not in behind for i in items if r[i] == "fail"}
out.append("varied %s" % (len(varied) >= 2))
print("\n".join(out))
sys.stderr.write("%d branches: %.0f%% of branch-months 合格, %.0f%% in %s; behind: %s\n"
                 % (n, share, last_share, months[-1], " ".join(behind)))
PY
    cat "$T/dist$n" >"$T/got"
    expect_eq "--branches $n: every branch audited in each of the 23 whole months" "$(sed -n 1p "$T/got")" "rows True"
    expect_eq "--branches $n: 60-80% of branch-months 合格" "$(sed -n 2p "$T/got")" "share True"
    expect_eq "--branches $n: the last whole month: 40-90% 合格, each item passed by 70% of the branches or more" \
        "$(sed -n 3p "$T/got")" "last True True"
    expect_eq "--branches $n: suggest pass exactly where no item failed" "$(sed -n 4p "$T/got")" "suggest True"
    k=5
    for item in meetings theme_day records members dues posts; do
        expect_eq "--branches $n: $item passed and failed somewhere, never failed by every branch, failed in 20% or less" \
            "$(sed -n ${k}p "$T/got")" "$item True True True"
        k=$((k + 1))
    done
    expect_eq "--branches $n: one or a few branches clearly behind (3+ items failed two months running), 1101010001 among them" \
        "$(sed -n 11p "$T/got")" "behind True True"
    expect_eq "--branches $n: the other branches' problems in the last month are of different items" \
        "$(sed -n 12p "$T/got")" "varied True"
done
