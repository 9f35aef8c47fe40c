#!/bin/sh
# zhibu audit on a district's database (issue 18): every branch with its township, and the
# township's and the district's verdicts side by side (CSV and JSON); per township, the counts
# equal what sqlite3 counts on its own; a township's and a village's output keep their format.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$T/tmp"
DB=$T/district.db
TMPDIR=$T/tmp run_zhibu demo --district --db "$DB" --seed 3
expect_rc "a district demo" 0
M=2026-10

run_zhibu audit --db "$DB" --month $M --format csv
expect_rc "audit csv at a district" 0
cp "$T/out" "$T/d.csv"
expect_eq "the district's columns, stable" "$(head -n 1 "$T/d.csv" | tr -d '\r')" \
"township_code,township,branch_code,branch_name,month,meetings,theme_day,records,members,dues,posts,score,suggest,\
township_verdict,district_verdict,disagree,sent_back,township_meetings,district_meetings,township_theme_day,\
district_theme_day,township_records,district_records,township_members,district_members,township_dues,district_dues,\
township_posts,district_posts,handed_in,open_orders"

# the CSV, per township: branches, township passes, district verdicts, disagreements, sent back
python3 - "$T/d.csv" >"$T/csv-counts" <<'PY'
import csv, sys, collections
c = collections.OrderedDict()
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    k = (r["township_code"], r["township"])
    n = c.setdefault(k, [0, 0, 0, 0, 0, 0])
    n[0] += 1
    n[1] += r["township_verdict"] == "pass"
    n[2] += r["district_verdict"] != ""
    n[3] += r["disagree"] == "1"
    n[4] += r["sent_back"] == "1"
    n[5] += r["township_dues"] == "rectify"
for (code, name), n in c.items():
    print(code, name, *n)
PY
sql "$DB" "
select t.code, t.name, count(*),
  (select count(*) from audit_verdict a join township_branch x on x.branch_id = a.branch_id
    where x.township_id = t.id and a.month = '$M' and a.item = 'overall' and a.verdict = 'pass'),
  (select count(*) from district_verdict d join township_branch x on x.branch_id = d.branch_id
    where x.township_id = t.id and d.month = '$M' and d.item = 'overall'),
  (select count(*) from district_verdict d join township_branch x on x.branch_id = d.branch_id
    join audit_verdict a on a.branch_id = d.branch_id and a.month = d.month and a.item = 'overall'
    where x.township_id = t.id and d.month = '$M' and d.item = 'overall' and d.verdict <> a.verdict),
  (select count(distinct d.branch_id) from district_verdict d join township_branch x on x.branch_id = d.branch_id
    where x.township_id = t.id and d.month = '$M' and d.sent_back = 1),
  (select count(*) from audit_verdict a join township_branch x on x.branch_id = a.branch_id
    where x.township_id = t.id and a.month = '$M' and a.item = 'dues' and a.verdict = 'rectify')
from township t join township_branch tb on tb.township_id = t.id group by t.id order by t.code" |
    tr '|' ' ' >"$T/sql-counts"
if diff -u "$T/sql-counts" "$T/csv-counts" >"$T/diff"; then ok "per township, the CSV's counts are sqlite3's"; else
    fail "per township, the CSV's counts are sqlite3's" "$(cat "$T/diff")"; fi
expect_eq "every branch once, in township order" \
    "$(tail -n +2 "$T/d.csv" | cut -d, -f1,3 | sort -c && tail -n +2 "$T/d.csv" | wc -l)" \
    "$(sql "$DB" "select count(*) from township_branch")"
expect_eq "some disagree, some sent back (the demo's re-review)" \
    "$(awk -F, 'NR > 1 { d += $16 == 1; s += $17 == 1 } END { print (d > 0) "|" (s > 0) }' "$T/d.csv")" "1|1"
expect_eq "the engine's columns: the month, states, score, suggestion" \
    "$(tail -n +2 "$T/d.csv" | awk -F, '$5 != "'$M'" || $6 !~ /^(pass|fail|pending)$/ || $12 !~ /^[0-9]+$/ ||
       $13 !~ /^(pass|rectify|fail)$/' | wc -l)" "0"

run_zhibu audit --db "$DB" --month $M --format json
expect_rc "audit json at a district" 0
python3 - "$T/out" "$T/d.csv" >"$T/json-check" <<'PY'
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
by = {r["branch_code"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
keys = ["meetings", "theme_day", "records", "members", "dues", "posts", "overall"]
bad = []
for o in rows:
    c = by[o["branch_code"]]
    if (o["township_code"], o["township"]) != (c["township_code"], c["township"]):
        bad.append("township " + o["branch_code"])
    if sorted(o["township_verdicts"]) != sorted(keys) or sorted(o["district_verdicts"]) != sorted(keys):
        bad.append("keys " + o["branch_code"])
    if o["township_verdicts"]["overall"] != c["township_verdict"] or o["district_verdicts"]["overall"] != c["district_verdict"]:
        bad.append("overall " + o["branch_code"])
    if o["township_verdicts"]["dues"] != c["township_dues"] or o["disagree"] != (c["disagree"] == "1"):
        bad.append("items " + o["branch_code"])
    if o["sent_back"] != (c["sent_back"] == "1") or o["open_orders"] != int(c["open_orders"]):
        bad.append("flags " + o["branch_code"])
    if "states" not in o or "score" not in o or "reasons" not in o:
        bad.append("engine " + o["branch_code"])
print(len(rows), len(by), " ".join(bad) or "same")
PY
expect_eq "the JSON holds the same as the CSV, and the engine's fields" "$(cat "$T/json-check")" \
    "$(sql "$DB" "select count(*) from township_branch") $(sql "$DB" "select count(*) from township_branch") same"

run_zhibu audit --db "$DB" --month $M --format text
expect_rc "audit text at a district" 0
expect_contains "text: a line with the township and both verdicts" "$T/out" "乡镇：红旗镇党委（1101010000）  乡镇结论："
expect_contains "text: the district's review" "$T/out" "区县复审："
code=$(sed -n 2p "$T/d.csv" | cut -d, -f3)
run_zhibu audit --db "$DB" --month $M --branch "$code" --format csv
expect_eq "--branch at a district: that branch, with its township" \
    "$(tail -n +2 "$T/out" | cut -d, -f1,3)|$(wc -l <"$T/out")" "1101010000,$code|2"

# a township's and a village's database: the columns as they were
run_zhibu demo --db "$T/town.db" --branches 2 --years 1
run_zhibu audit --db "$T/town.db" --month $M --format csv
expect_eq "a township's CSV keeps its columns" "$(head -n 1 "$T/out" | tr -d '\r')" \
    "branch_code,branch_name,month,meetings,theme_day,records,members,dues,posts,score,suggest"
expect_not_contains "a township's CSV has no district column" "$T/out" "township"
run_zhibu audit --db "$T/town.db" --month $M --format json
expect_eq "a township's JSON keeps its keys" \
    "$(python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1]))[0]))' "$T/out")" \
    "['branch_code', 'branch_name', 'month', 'reasons', 'score', 'states', 'suggest']"
run_zhibu audit --db "$T/town.db" --month $M --format text
expect_not_contains "a township's text has no 乡镇 line" "$T/out" "区县复审"

# bad input at a district: as anywhere
run_zhibu audit --db "$DB" --month 2026-13 --format csv
expect_rc "a bad month refused" 2
run_zhibu audit --db "$DB" --month $M --branch NOPE --format csv
expect_rc "an unknown branch refused" 1
expect_contains "naming it" "$T/err" "没有组织代码为 NOPE 的支部"
