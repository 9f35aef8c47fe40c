#!/bin/sh
# zhibu list posts and zhibu export notice on a demo database with a fixed seed: the rows
# against what the database holds, overdue reports, the notice as .xlsx read back by openpyxl,
# as text within its width, as CSV; bad input.
. "$(dirname "$0")/../lib.sh"

DB=$T/posts.db
run_zhibu demo --db "$DB" --seed 5 --branches 3
expect_rc "demo for posts" 0
BR=1101010001 # the demo's branch behind, with holders overdue (demo.c SHOWCASE)

run_zhibu list posts --db "$DB" --branch $BR --format csv
expect_rc "list posts: exit 0" 0
cp "$T/out" "$T/posts.csv"
expect_eq "list posts: the header" "$(head -1 "$T/posts.csv")" \
    "branch_code,category,post,member,how,claimed,noticed,ended,last_report,latest_rating,report_due,overdue"
expect_eq "list posts: one row per holding of the branch, current and ended" \
    "$(($(wc -l <"$T/posts.csv") - 1))" \
    "$(sql "$DB" "select count(*) from post_holding h join post p on p.id = h.post_id join branch b on b.id = p.branch_id
                  where b.code = '$BR'")"

# rows against the database: the first, an ended one and an overdue one
/usr/bin/python3 - "$T/posts.csv" "$DB" $BR >"$T/check" <<'PY'
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
db = sqlite3.connect(sys.argv[2])
picked = [rows[0]] + [r for r in rows if r["ended"]][:1] + [r for r in rows if r["overdue"] == "1"][:1]
bad = []
for r in picked:
    got = db.execute("""select p.category, h.how, h.noticed, h.ended, h.id from post_holding h join post p on p.id = h.post_id
                        join member m on m.id = h.member_id join branch b on b.id = p.branch_id
                        where b.code = ? and p.name = ? and m.name = ? and h.claimed = ?""",
                     (sys.argv[3], r["post"], r["member"], r["claimed"])).fetchall()
    if len(got) != 1:
        bad.append(("rows", r["member"], len(got)))
        continue
    cat, how, noticed, ended, hid = got[0]
    last = db.execute("select coalesce(max(date), '') from post_report where holding_id = ?", (hid,)).fetchone()[0]
    rating = db.execute("select rating from post_review where holding_id = ? order by period_end desc limit 1",
                        (hid,)).fetchone()
    want = (cat, how, noticed, ended, last, rating[0] if rating else "")
    have = (r["category"], r["how"], r["noticed"], r["ended"], r["last_report"], r["latest_rating"])
    if want != have: bad.append((r["member"], have, want))
print(len(picked), bad)
PY
expect_eq "list posts: category, how, noticed, ended, last report and latest rating as the database holds them" \
    "$(cat "$T/check")" "3 []"

/usr/bin/python3 - "$T/posts.csv" >"$T/due" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
def plus3(d):
    y, m, dd = map(int, d.split("-"))
    m += 3
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    days = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return "%04d-%02d-%02d" % (y, m, min(dd, days))
cur = [r for r in rows if not r["ended"]]
ended = [r for r in rows if r["ended"]]
over = [r for r in cur if r["overdue"] == "1"]
print(len(over) >= 2,
      all(r["report_due"] == plus3(r["last_report"] or r["claimed"]) for r in cur),
      all((r["report_due"] < "2026-11-21") == (r["overdue"] == "1") for r in cur),
      len(ended) >= 1 and all(r["report_due"] == "" and r["overdue"] == "0" for r in ended),
      all(r["how"] in ("claim", "recommend") for r in rows),
      all(r["latest_rating"] in ("", "excellent", "competent", "basic", "incompetent") for r in rows))
PY
expect_eq "list posts: report_due is 3 months after the last report (or the claim), overdue once past, ended rows neither" \
    "$(cat "$T/due")" "True True True True True True"

run_zhibu list posts --db "$DB" --branch $BR --format json
expect_rc "list posts json: exit 0" 0
expect_eq "list posts json: the same rows, overdue as a boolean" \
    "$(/usr/bin/python3 -c "import json,sys; a=json.load(open(sys.argv[1])); print(len(a), sum(r['overdue'] is True for r in a), all(isinstance(r['overdue'], bool) for r in a))" "$T/out")" \
    "$(($(wc -l <"$T/posts.csv") - 1)) $(grep -c ',1$' "$T/posts.csv") True"
run_zhibu list posts --db "$DB" --format csv
expect_eq "list posts without --branch: every branch" "$(cut -d, -f1 "$T/out" | sort -u | tr '\n' ' ')" \
    "1101010001 1101010002 1101010003 branch_code "
ZHIBU_TODAY=2025-01-05 run_zhibu list posts --db "$DB" --branch $BR --format csv
expect_eq "list posts: ZHIBU_TODAY is \"now\" (nobody is overdue weeks after the first claims)" \
    "$(grep -c ',1$' "$T/out")" "0"
run_zhibu list posts --db "$DB" --branch 9999999999 --format csv
expect_rc "list posts unknown branch: exit 1" 1
expect_contains "list posts unknown branch: message" "$T/err" "没有组织代码为 9999999999 的支部"
run_zhibu list --help
expect_contains "list --help documents posts" "$T/out" "report_due     下次汇报的截止日期"

# ---- the notice ----
NAME=$(sql "$DB" "select name from branch where code = '$BR'")
CURRENT="select m.name || '|' || h.pledge from post_holding h join post p on p.id = h.post_id join member m on m.id = h.member_id
         join branch b on b.id = p.branch_id where b.code = '$BR' and h.ended = ''"
HOLDER=$(sql "$DB" "$CURRENT order by h.claimed desc limit 1")
run_zhibu export notice --db "$DB" --branch $BR --out "$T/notice.xlsx"
expect_rc "export notice .xlsx: exit 0" 0
/usr/bin/python3 - "$T/notice.xlsx" "$HOLDER" >"$T/xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["设岗定责公示"]
rows = list(ws.iter_rows(values_only=True))[1:]  # under the title row
name, pledge = sys.argv[2].split("|", 1)
print(wb.sheetnames, rows[0])
print(any(r[3] == name and r[4] == pledge for r in rows[1:]), len(rows) - 1,
      all(r[2] and "\n" in r[2] for r in rows[1:]), ws.cell(3, 3).alignment.wrap_text, ws.cell(3, 5).alignment.wrap_text)
PY
NCUR=$(sql "$DB" "select count(*) from ($CURRENT)")
expect_file_eq "export notice .xlsx: sheet 设岗定责公示, Chinese headers, a holder with the pledge, a row per holder, duties wrapped" "$T/xlsx" <<EOF
['设岗定责公示'] ('类别', '岗位', '岗位职责', '在岗党员', '承诺', '认领日期')
True $NCUR True True True
EOF
expect_eq "export notice: no temporary file left" "$(ls "$T" | grep -c '\.tmp$')" "0"

run_zhibu export notice --db "$DB" --branch $BR --out "$T/early.xlsx" --date 2025-01-10
expect_rc "export notice --date: exit 0" 0
expect_eq "export notice --date: only who held a post that day" \
    "$(/usr/bin/python3 -c "import sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).active; print(sum(1 for r in ws.iter_rows(min_row=3, values_only=True) if r[3]), max(r[5] or '' for r in ws.iter_rows(min_row=3, values_only=True)) <= '2025-01-10')" "$T/early.xlsx")" \
    "$(sql "$DB" "select count(*) from post_holding h join post p on p.id = h.post_id join branch b on b.id = p.branch_id
                  where b.code = '$BR' and h.claimed <= '2025-01-10' and (h.ended = '' or h.ended > '2025-01-10')") True"

run_zhibu export notice --db "$DB" --branch $BR --out "$T/notice.txt" --width 50
expect_rc "export notice .txt: exit 0" 0
mw=$(max_width "$T/notice.txt")
if [ "$mw" -le 50 ] && [ "$mw" -ge 45 ]; then ok "export notice .txt: no line wider than 50 columns ($mw)"; else fail "export notice .txt: width" "$mw columns"; fi
expect_contains "export notice .txt: the title" "$T/notice.txt" "${NAME}无职党员设岗定责公示"
expect_contains "export notice .txt: the notice date" "$T/notice.txt" "公示日期：2026年11月21日"
expect_contains "export notice .txt: a holder" "$T/notice.txt" "在岗党员：${HOLDER%%|*}（"
expect_contains "export notice .txt: duties" "$T/notice.txt" "岗位职责："
expect_contains "export notice .txt: pledges" "$T/notice.txt" "承诺："
expect_contains "export notice .txt: the closing line" "$T/notice.txt" "公示期间如有意见，请向党支部反映"
run_zhibu export notice --db "$DB" --branch $BR --out "$T/notice80.txt"
mw=$(max_width "$T/notice80.txt")
if [ "$mw" -le 80 ]; then ok "export notice .txt: 80 columns by default ($mw)"; else fail "export notice .txt: default width" "$mw columns"; fi
/usr/bin/python3 - "$T/notice80.txt" >"$T/split" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
data.decode("utf-8")  # raises on a split character
print("ok")
PY
expect_eq "export notice .txt: valid UTF-8 (no character split)" "$(cat "$T/split")" "ok"

run_zhibu export notice --db "$DB" --branch $BR --out "$T/notice.csv"
expect_rc "export notice .csv: exit 0" 0
expect_eq "export notice .csv: BOM and Chinese headers" "$(head -1 "$T/notice.csv")" "$(printf '\357\273\277')类别,岗位,岗位职责,在岗党员,承诺,认领日期"
expect_eq "export notice .csv: a row per current holder" \
    "$(/usr/bin/python3 -c "import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding='utf-8-sig'))); print(sum(1 for x in r[1:] if x[3]))" "$T/notice.csv")" "$NCUR"

# ---- bad input ----
run_zhibu export notice --db "$DB" --branch 9999999999 --out "$T/x.xlsx"
expect_rc "export notice unknown branch: exit 1" 1
expect_contains "export notice unknown branch: message" "$T/err" "没有组织代码为 9999999999 的支部"
for bad in 2026-02-30 2026-1-5 abc ""; do
    run_zhibu export notice --db "$DB" --branch $BR --out "$T/x.xlsx" --date "$bad"
    expect_rc "export notice --date '$bad': exit 2" 2
    expect_contains "export notice --date '$bad': message" "$T/err" "--date 应是 YYYY-MM-DD 形式的日期"
done
run_zhibu export notice --db "$DB" --branch $BR --out "$T/x.json"
expect_rc "export notice .json: exit 2" 2
expect_contains "export notice .json: message" "$T/err" "--out 应以 .xlsx、.csv 或 .txt 结尾"
run_zhibu export notice --db "$DB" --branch $BR --out "$T/x.txt" --width 30
expect_rc "export notice --width 30: exit 2" 2
run_zhibu export meetings --db "$DB" --branch $BR --out "$T/x.xlsx" --date 2026-01-01
expect_rc "--date for export meetings: exit 2" 2
expect_contains "--date for export meetings: message" "$T/err" "--date 只适用于 export notice"
run_zhibu export notice --db "$DB" --branch $BR --out "$T/missing/notice.xlsx"
expect_rc "export notice into a missing directory: exit 1" 1
expect_contains "export notice into a missing directory: message" "$T/err" "目录不存在"
: >"$T/plain"
run_zhibu export notice --db "$DB" --branch $BR --out "$T/plain/notice.txt"
expect_rc "export notice under a plain file: exit 1" 1
expect_eq "export notice: nothing left behind after a failure" \
    "$(ls "$T/missing" "$T/plain/notice.txt" "$T/plain/notice.txt.tmp" 2>/dev/null | wc -l)" "0"
echo keep >"$T/keep.xlsx"
run_zhibu export notice --db "$DB" --branch 9999999999 --out "$T/keep.xlsx"
expect_eq "export notice: a failed run leaves an existing file alone" "$(cat "$T/keep.xlsx")" "keep"
