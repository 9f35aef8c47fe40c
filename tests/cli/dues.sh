#!/bin/sh
# zhibu list dues and zhibu export dues on a demo database with a fixed seed: the rows against
# what the database holds, the arrears flags, the .xlsx read back by openpyxl, CSV, bad input.
. "$(dirname "$0")/../lib.sh"

DB=$T/dues.db
run_zhibu demo --db "$DB" --seed 3 --branches 3
expect_rc "demo for dues" 0
BR=1101010001 # the demo's branch behind, with every dues case (demo.c SHOWCASE)

run_zhibu list dues --db "$DB" --year 2026 --branch $BR --format csv
expect_rc "list dues: exit 0" 0
cp "$T/out" "$T/dues.csv"
expect_eq "list dues: the header" "$(head -1 "$T/dues.csv")" \
    "branch_code,name,status,dues_category,base_fen,m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12,total_fen,paid_through,months_owed,amount_owed_fen,flag"

# every row against the database: the months' allocations of non-voided payments
/usr/bin/python3 - "$T/dues.csv" "$DB" $BR >"$T/check" <<'PY'
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
db = sqlite3.connect(sys.argv[2])
bad, checked = [], 0
for r in rows:
    ids = db.execute("select m.id from member m join branch b on b.id = m.branch_id where b.code = ? and m.name = ?",
                     (sys.argv[3], r["name"])).fetchall()
    if len(ids) != 1: continue
    sums = dict(db.execute("""select a.month, sum(a.amount) from dues_allocation a join dues_payment p on p.id = a.payment_id
                              where p.member_id = ? and p.voided_at is null and a.month like '2026-%' group by a.month""",
                           (ids[0][0],)).fetchall())
    for m in range(1, 13):
        want = sums.get("2026-%02d" % m, 0)
        if int(r["m%02d" % m]) != want: bad.append((r["name"], m, r["m%02d" % m], want))
    if int(r["total_fen"]) != sum(sums.values()): bad.append((r["name"], "total", r["total_fen"], sum(sums.values())))
    checked += 1
print(checked > 15, bad[:3])
PY
expect_eq "list dues: each month and the total equal the database's allocations" "$(cat "$T/check")" "True []"
expect_eq "list dues: one row per member of the year (on the roster, or left in 2026)" \
    "$(($(wc -l <"$T/dues.csv") - 1))" \
    "$(sql "$DB" "select count(*) from member m join branch b on b.id = m.branch_id where b.code = '$BR'
                  and (m.leave_date = '' or m.leave_date >= '2026-01-01')")"
/usr/bin/python3 - "$T/dues.csv" >"$T/flags" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
talk = [r for r in rows if r["flag"] == "talk"]
lapse = [r for r in rows if r["flag"] == "lapse"]
owe = [r for r in rows if r["flag"] == "" and int(r["months_owed"]) in (1, 2)]
ok = all(int(r["months_owed"]) >= 3 for r in talk) and all(int(r["months_owed"]) >= 6 for r in lapse)
print(len(talk) >= 1, len(lapse) >= 1, len(owe) >= 2, ok,
      all(r["paid_through"] == "" or r["paid_through"][:2] == "20" for r in rows))
PY
expect_eq "list dues: 需谈话 (talk), lapse and owing 1-2 months all present" "$(cat "$T/flags")" "True True True True True"
LAPSED=$(awk -F, '$22 == "lapse" {print $2; exit}' "$T/dues.csv")
expect_eq "list dues: the lapsed member paid nothing for the last 6 months or more" \
    "$(sql "$DB" "select count(*) from dues_allocation a join dues_payment p on p.id = a.payment_id join member m on m.id = p.member_id
                  where m.name = '$LAPSED' and a.month >= '2026-05'")" "0"
expect_eq "list dues: the deferred member is not flagged lapse" \
    "$(sql "$DB" "select m.name from dues_adjust a join member m on m.id = a.member_id join branch b on b.id = m.branch_id
                  where b.code = '$BR' and a.kind = 'defer'" | while read -r n; do grep -c "^$BR,$n,.*,lapse\$" "$T/dues.csv"; done)" "0"

run_zhibu list dues --db "$DB" --year 2026 --branch $BR --format json
expect_rc "list dues json: exit 0" 0
expect_eq "list dues json: same rows, amounts as numbers" \
    "$(/usr/bin/python3 -c "import json,sys; a=json.load(open(sys.argv[1])); print(len(a), all(isinstance(r['m01'], int) and isinstance(r['total_fen'], int) and isinstance(r['flag'], str) for r in a))" "$T/out")" \
    "$(($(wc -l <"$T/dues.csv") - 1)) True"
run_zhibu list dues --db "$DB" --year 2026 --format csv
expect_eq "list dues without --branch: every branch" "$(cut -d, -f1 "$T/out" | sort -u | tr '\n' ' ')" "1101010001 1101010002 1101010003 branch_code "
ZHIBU_TODAY=2026-03-20 run_zhibu list dues --db "$DB" --year 2026 --branch $BR --format csv
expect_eq "list dues: ZHIBU_TODAY is \"now\" (nobody owes 6 months in March)" "$(grep -c ',lapse$' "$T/out")" "0"

for bad in 26 abcd 20261 "" 2026x; do
    run_zhibu list dues --db "$DB" --year "$bad" --format csv
    expect_rc "list dues --year '$bad': exit 2" 2
done
run_zhibu list dues --db "$DB" --year 2026 --branch 9999999999 --format csv
expect_rc "list dues unknown branch: exit 1" 1
expect_contains "list dues unknown branch: message" "$T/err" "没有组织代码为 9999999999 的支部"

# ---- export ----
run_zhibu export dues --db "$DB" --branch $BR --year 2026 --out "$T/dues.xlsx"
expect_rc "export dues .xlsx: exit 0" 0
/usr/bin/python3 - "$T/dues.xlsx" "$T/dues.csv" >"$T/xlsx" <<'PY'
import csv, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
ws = wb["党费台账"]
rows = list(ws.iter_rows(values_only=True))[1:]  # under the title row
print(list(rows[0]))
listed = {r["name"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
body, total = rows[1:-1], rows[-1]
ok = True
for r in body:
    l = listed.get(r[0])
    if l is None: ok = False; continue
    if round(r[17] * 100) != int(l["total_fen"]) or r[19] != int(l["months_owed"]) or round(r[20] * 100) != int(l["amount_owed_fen"]):
        ok = False
print(len(body) == len(listed), ok)
print(total[0], round(total[17] * 100) == sum(int(l["total_fen"]) for l in listed.values()),
      round(sum(total[5:17]) * 100) == sum(int(l["total_fen"]) for l in listed.values()))
cell = ws.cell(row=3, column=18)
print(cell.data_type, cell.number_format)
status = [r[21] for r in body if r[21]]
print("需谈话" in status, "连续六个月未交 — 按自行脱党处理待支部研究" in status)
s = wb["收缴汇总"]
srows = list(s.iter_rows(values_only=True))[1:]
print(list(srows[0]), srows[-1][0], round(sum(r[3] for r in srows[1:-1]) * 100) == round(srows[-1][3] * 100),
      round(srows[-1][3] * 100) == round((srows[-1][4] + srows[-1][5]) * 100) or srows[-1][4] > srows[-1][3])
PY
expect_file_eq "export dues .xlsx: sheets, headers, amounts equal to the database, totals, statuses" "$T/xlsx" <<'EOF2'
['党费台账', '收缴汇总', '党费上缴']
['姓名', '党籍', '党费类别', '月缴纳基数(元)', '月应交(元)', '1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '全年实交(元)', '交至', '欠交月数', '欠交金额(元)', '状态']
True True
合计 True True
n 0.00
True True
['姓名', '党籍', '党费类别', '应交(元)', '实交(元)', '未交(元)', '情况'] 合计 True True
EOF2
if [ ! -e "$T/dues.xlsx.tmp" ]; then ok "export dues: no temporary file left"; else fail "export dues: no temporary file left" "dues.xlsx.tmp"; fi

run_zhibu export dues --db "$DB" --branch $BR --year 2026 --out "$T/ledger.csv"
expect_rc "export dues .csv: exit 0" 0
expect_eq "export dues .csv: BOM and the Chinese header" "$(head -1 "$T/ledger.csv")" \
    "$(printf '\357\273\277')姓名,党籍,党费类别,月缴纳基数(元),月应交(元),1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月,全年实交(元),交至,欠交月数,欠交金额(元),状态"
expect_eq "export dues .csv: a row per member and 合计; amounts as 35.50" \
    "$(/usr/bin/python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
print(len(rows) - 2, rows[-1][0], all(c in ('', '免交') or c.replace('.', '', 1).isdigit() and '.' in c for r in rows[1:] for c in r[5:18]))" "$T/ledger.csv")" \
    "$(($(wc -l <"$T/dues.csv") - 1)) 合计 True"
run_zhibu export dues --db "$DB" --branch $BR --year 2026 --month 2026-10 --out "$T/month.csv"
expect_rc "export dues --month .csv: exit 0" 0
expect_eq "export dues --month .csv: the month summary" "$(head -1 "$T/month.csv")" "$(printf '\357\273\277')姓名,党籍,党费类别,应交(元),实交(元),未交(元),情况"
expect_eq "export dues --month .csv: October's collected total equals the database" \
    "$(/usr/bin/python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
print(round(float(rows[-1][4]) * 100))" "$T/month.csv")" \
    "$(sql "$DB" "select sum(a.amount) from dues_allocation a join dues_payment p on p.id = a.payment_id join branch b on b.id = p.branch_id
                  where b.code = '$BR' and a.month = '2026-10' and p.voided_at is null")"

# bad input: nothing written
run_zhibu export dues --db "$DB" --branch $BR --year 2026 --out "$T/no/such/dir/d.xlsx"
expect_rc "export dues to a missing directory: exit 1" 1
expect_contains "export dues to a missing directory: message" "$T/err" "无法写入 $T/no/such/dir/d.xlsx：目录不存在"
mkdir "$T/taken.xlsx"
run_zhibu export dues --db "$DB" --branch $BR --year 2026 --out "$T/taken.xlsx"
expect_rc "export dues over a directory: exit 1" 1
if [ ! -e "$T/taken.xlsx.tmp" ] && [ -z "$(ls -A "$T/taken.xlsx")" ]; then ok "export dues over a directory: nothing left behind"; else fail "export dues over a directory: nothing left behind" "$(ls "$T")"; fi
run_zhibu export dues --db "$DB" --branch 9999999999 --year 2026 --out "$T/x.xlsx"
expect_rc "export dues unknown branch: exit 1" 1
expect_contains "export dues unknown branch: message" "$T/err" "没有组织代码为 9999999999 的支部"
run_zhibu export dues --db "$DB" --branch $BR --year 2026 --out "$T/x.json"
expect_rc "export dues .json: exit 2" 2
expect_contains "export dues .json: message" "$T/err" "--out 应以 .xlsx 或 .csv 结尾"
run_zhibu export dues --db "$DB" --branch $BR --year 1y --out "$T/x.xlsx"
expect_rc "export dues bad --year: exit 2" 2
run_zhibu export dues --db "$DB" --branch $BR --year 2026 --month 2025-10 --out "$T/x.xlsx"
expect_rc "export dues --month outside the year: exit 2" 2
run_zhibu export dues --db "$DB" --branch $BR --year 2026 --month 2026-13 --out "$T/x.xlsx"
expect_rc "export dues --month 2026-13: exit 2" 2
run_zhibu export dues --db "$DB" --branch $BR --out "$T/x.xlsx"
expect_rc "export dues without --year: exit 2" 2
expect_contains "export dues without --year: message" "$T/err" "缺少 --year"
if ls "$T"/x.* >/dev/null 2>&1; then fail "export dues: bad input writes nothing" "$(ls "$T"/x.*)"; else ok "export dues: bad input writes nothing"; fi
run_zhibu export --help
expect_contains "export --help documents dues" "$T/out" "zhibu export dues [--db 路径] --branch 组织代码 --year YYYY [--month YYYY-MM]"
