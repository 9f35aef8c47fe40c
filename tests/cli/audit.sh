#!/bin/sh
# zhibu audit and zhibu report on a demo database with a fixed seed: every village branch's
# month as CSV, JSON and text, a branch that missed its committee meeting found by the database
# itself, scores against the weights, the report as .xlsx read back by openpyxl (sheets, headers,
# rows agreeing with the CSV, the 统计 counts) and as CSV; bad months, future months, unknown
# branches, an empty database, an unwritable output.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

DB=$T/audit.db
run_zhibu demo --db "$DB" --seed 3
expect_rc "demo for the audit" 0
# the village branches: every branch with no branch under it
LEAVES=$(sql "$DB" "select code from branch b where not exists (select 1 from branch c where c.parent_id = b.id) order by code")
NLEAVES=$(echo "$LEAVES" | wc -l)
expect_eq "the demo has 8 village branches" "$NLEAVES" "8"
# branches with no committee meeting (by kind or also counted) in October 2026
MISSED=$(sql "$DB" "select code from branch b where not exists (select 1 from branch c where c.parent_id = b.id)
                    and not exists (select 1 from meeting m where m.branch_id = b.id and m.voided_at is null
                                    and m.date between '2026-10-01' and '2026-10-31'
                                    and (m.kind = 'committee' or (m.also_mask & 2) != 0))
                    order by code")
HELD=$(sql "$DB" "select code from branch b where not exists (select 1 from branch c where c.parent_id = b.id)
                  and exists (select 1 from meeting m where m.branch_id = b.id and m.voided_at is null
                              and m.date between '2026-10-01' and '2026-10-31'
                              and (m.kind = 'committee' or (m.also_mask & 2) != 0))
                  order by code limit 1")
MISS1=$(echo "$MISSED" | head -1)
if [ -n "$MISS1" ]; then ok "the demo has a branch without a committee meeting in October ($MISS1)"
else fail "the demo has a branch without a committee meeting in October" "none found"; fi

# ---- CSV ----
run_zhibu audit --db "$DB" --month 2026-10 --format csv
expect_rc "audit csv: exit 0" 0
cp "$T/out" "$T/audit.csv"
expect_eq "audit csv: the header" "$(head -1 "$T/audit.csv")" \
    "branch_code,branch_name,month,meetings,theme_day,records,members,dues,posts,score,suggest"
expect_eq "audit csv: one row per village branch, in code order" "$(tail -n +2 "$T/audit.csv" | cut -d, -f1)" "$LEAVES"
$PY - "$T/audit.csv" "$MISSED" "$HELD" >"$T/check" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
missed, held = sys.argv[2].split(), sys.argv[3].split()
items = ["meetings", "theme_day", "records", "members", "dues", "posts"]
weights = dict(meetings=30, theme_day=15, records=15, members=15, dues=15, posts=10)
ok_states = all(r[i] in ("pass", "fail", "pending") for r in rows for i in items)
ok_month = all(r["month"] == "2026-10" for r in rows)
ok_score = all(int(r["score"]) == max(0, 100 - sum(weights[i] for i in items if r[i] == "fail")) for r in rows)
ok_missed = all(r["meetings"] == "fail" for r in rows if r["branch_code"] in missed)
# October is over (today 2026-11-21) and is not a quarter's last month: nothing of the month is pending
# except what the engine leaves open for the quarter; the theme day is judged
ok_theme = all(r["theme_day"] in ("pass", "fail") for r in rows)
def suggest(r):
    if not any(r[i] == "fail" for i in items): return "pass"
    return "rectify" if int(r["score"]) >= 80 else "fail"
ok_suggest = all(r["suggest"] == suggest(r) for r in rows)
print(ok_states, ok_month, ok_score, ok_missed, ok_theme, ok_suggest, len(missed) > 0)
PY
expect_eq "audit csv: states are codes, score = 100 - weights of failed items, the missed committee fails, suggestion from the score" \
    "$(cat "$T/check")" "True True True True True True True"

# the default month is last month
run_zhibu audit --db "$DB" --format csv
expect_eq "audit: without --month, last month (2026-10)" "$(cat "$T/out")" "$(cat "$T/audit.csv")"

# ---- text ----
run_zhibu audit --db "$DB" --month 2026-10 --format text
expect_rc "audit text: exit 0" 0
cp "$T/out" "$T/audit.txt"
expect_eq "audit text: one block per branch" "$(grep -c '2026年10月  得分' "$T/audit.txt")" "$NLEAVES"
awk -v code="$MISS1" '$1 == code {on = 1; next} /^[0-9]/ {on = 0} on' "$T/audit.txt" >"$T/block.txt"
expect_contains "audit text: the missed committee meeting as a reason" "$T/block.txt" "10月未召开支部委员会"
expect_contains "audit text: the meetings item failed with its deduction" "$T/block.txt" "三会一课  未达标（扣 30 分）"
if [ -n "$HELD" ]; then
    awk -v code="$HELD" '$1 == code {on = 1; next} /^[0-9]/ {on = 0} on' "$T/audit.txt" >"$T/held.txt"
    expect_not_contains "audit text: a branch that held it has no such reason" "$T/held.txt" "未召开支部委员会"
fi
for item in 三会一课 主题党日 记录规范 党员管理 党费收缴 设岗定责; do
    if [ "$(grep -c " $item  " "$T/audit.txt")" != "$NLEAVES" ]; then fail "audit text: $item for every branch" "$(grep -c " $item  " "$T/audit.txt")"; fi
done
ok "audit text: the six items for every branch"

# ---- JSON ----
run_zhibu audit --db "$DB" --month 2026-10 --format json
expect_rc "audit json: exit 0" 0
cp "$T/out" "$T/audit.json"
$PY - "$T/audit.json" "$T/audit.csv" "$MISS1" >"$T/check" <<'PY'
import csv, json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
rows = {r["branch_code"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
items = ["meetings", "theme_day", "records", "members", "dues", "posts"]
same = all(o["states"] == {i: rows[o["branch_code"]][i] for i in items} and o["score"] == int(rows[o["branch_code"]]["score"])
           for o in a)
shape = all(set(o) >= {"branch_code", "branch_name", "month", "score", "suggest", "states", "reasons"} for o in a)
reasons = all(r["item"] in items and isinstance(r["text"], str) and r["text"] and isinstance(r["fails"], bool)
              and all(f["kind"] in ("meeting", "member", "holding", "group") and isinstance(f["id"], int) for f in r["refs"])
              for o in a for r in o["reasons"])
# every failed item has a failing reason
failing = all(any(r["item"] == i and r["fails"] for r in o["reasons"]) for o in a for i in items if o["states"][i] == "fail")
miss = [o for o in a if o["branch_code"] == sys.argv[3]][0]
known = any(r["item"] == "meetings" and r["fails"] and r["text"] == "10月未召开支部委员会" for r in miss["reasons"])
refs = any(r["refs"] for o in a for r in o["reasons"])
print(len(a), same, shape, reasons, failing, known, refs)
PY
expect_eq "audit json: 8 objects agreeing with the CSV, reasons with items and refs, the known reason" \
    "$(cat "$T/check")" "8 True True True True True True"

# one branch; the current month (not over: the month's own requirements are pending)
run_zhibu audit --db "$DB" --month 2026-10 --branch "$MISS1" --format csv
expect_eq "audit --branch: that branch's row only" "$(tail -n +2 "$T/out")" "$(grep "^$MISS1," "$T/audit.csv")"
run_zhibu audit --db "$DB" --month 2026-11 --format csv
expect_rc "audit of the current month: exit 0" 0
expect_eq "audit of the current month (not over): the theme day is never failed yet" \
    "$(tail -n +2 "$T/out" | cut -d, -f5 | grep -cv -e '^pass$' -e '^pending$')" "0"

# ---- bad input ----
for m in 2026-13 abc 2026-1 2026-10-01 ""; do
    run_zhibu audit --db "$DB" --month "$m" --format csv
    expect_rc "audit --month '$m': exit 2" 2
    expect_contains "audit --month '$m': message" "$T/err" "--month 应是 YYYY-MM 形式的月份"
    expect_eq "audit --month '$m': nothing on stdout" "$(wc -c <"$T/out")" "0"
done
for m in 2027-01 2026-12; do
    run_zhibu audit --db "$DB" --month $m --format text
    expect_rc "audit of a future month $m: exit 2" 2
    expect_contains "audit of a future month $m: message" "$T/err" "不能审查未来的月份"
done
run_zhibu audit --db "$DB" --month 2026-10 --branch 9999 --format csv
expect_rc "audit: unknown branch exit 1" 1
expect_contains "audit: unknown branch message" "$T/err" "没有组织代码为 9999 的支部"
run_zhibu audit --db "$DB" --month 2026-10 --format xml
expect_rc "audit: bad --format exit 2" 2
run_zhibu audit --db "$DB" --month 2026-10
expect_rc "audit: missing --format exit 2" 2
run_zhibu audit --db "$T/nope.db" --month 2026-10 --format csv
expect_rc "audit: a missing database exit 1" 1
expect_eq "audit: a missing database is not created" "$(ls "$T" | grep -c nope)" "0"
run_zhibu audit --help
expect_rc "audit --help" 0
expect_contains "audit --help: the formats" "$T/out" "text、csv 或 json"

# ---- the report (.xlsx) ----
run_zhibu report --db "$DB" --month 2026-10 --out "$T/report.xlsx"
expect_rc "report xlsx: exit 0" 0
cat >"$T/check_report.py" <<'PY'
import csv, json, sqlite3, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
objs = json.load(open(sys.argv[3], encoding="utf-8"))
db = sqlite3.connect(sys.argv[4])
items = ["meetings", "theme_day", "records", "members", "dues", "posts"]
label = {"pass": "达标", "fail": "未达标", "pending": "待定"}
out = [wb.sheetnames == ["汇总", "问题清单", "审后修改", "统计"]]
s = wb["汇总"]
data = [list(r) for r in s.iter_rows(values_only=True)]
out.append(data[0][0] == "2026年10月 月审月报" and data[1] == ["组织代码", "支部名称", "三会一课", "主题党日", "记录规范", "党员管理", "党费收缴", "设岗定责",
                       "得分", "审查意见", "整改情况", "提交月报", "审后修改", "现状（与审查时不同处）"])
out.append(s.freeze_panes == "A3" and s["A2"].font.b is True)
body = data[2:]
out.append(len(body) == len(rows))
out.append(all(b[0] == r["branch_code"] and b[1] == r["branch_name"] and b[2:8] == [label[r[i]] for i in items]
               and b[8] == int(r["score"]) and isinstance(b[8], (int, float)) for b, r in zip(body, rows)))
# 审查意见 and 整改情况 as the database holds them (the overall verdict; the month's orders)
vlabel = {"pass": "合格", "rectify": "需整改", "fail": "不合格"}
def expect_verdict(code):
    v = db.execute("""select verdict from audit_verdict v join branch b on b.id = v.branch_id
                      where b.code = ? and v.month = '2026-10' and v.item = 'overall'""", (code,)).fetchone()
    return vlabel[v[0]] if v else "未审查"
def expect_rectify(code):
    st = [r[0] for r in db.execute("""select status from rectification r join branch b on b.id = r.branch_id
                                      where b.code = ? and r.month = '2026-10'""", (code,))]
    o, d, c = st.count("open"), st.count("done"), st.count("confirmed")
    if o and d: return "整改中 %d 项，待确认 %d 项" % (o, d)
    if o: return "整改中 %d 项" % o
    if d: return "待确认 %d 项" % d
    return "已确认" if c else "无"
out.append(all(b[9] == expect_verdict(b[0]) and b[10] == expect_rectify(b[0]) for b in body))
p = wb["问题清单"]
pdata = [list(r) for r in p.iter_rows(values_only=True)]
out.append(pdata[0][0] == "2026年10月 月审月报" and pdata[1] == ["支部", "项目", "问题（审查时）", "支部情况说明", "审查意见", "整改要求", "期限", "整改状态", "现状"])
want = sum(1 for o in objs for r in o["reasons"] if r["fails"] or o["states"][r["item"]] != "pass")
# an order on an item the engine lists nothing for has a row of its own (the verdicts here keep
# no engine result: written straight into the database)
want += sum(1 for (code, item) in db.execute("""select b.code, r.item from rectification r join branch b on b.id = r.branch_id
    where r.month = '2026-10'""") if not any(r["item"] == item and (r["fails"] or o["states"][item] != "pass")
                                            for o in objs if o["branch_code"] == code for r in o["reasons"]))
out.append(len(pdata) - 2 == want)
# a problem's order, deadline and status from the branch's order for that item, if any
label_item = {"三会一课": "meetings", "主题党日": "theme_day", "记录规范": "records", "党员管理": "members",
              "党费收缴": "dues", "设岗定责": "posts"}
rstatus = {"open": "整改中", "done": "已整改待确认", "confirmed": "已确认"}
def order_of(branch, item):
    code = branch.rsplit("（", 1)[1].rstrip("）")
    return db.execute("""select order_text, deadline, status from rectification r join branch b on b.id = r.branch_id
                         where b.code = ? and r.month = '2026-10' and r.item = ?""", (code, label_item[item])).fetchone()
reasons = {(o["branch_code"], r["text"]): r for o in objs for r in o["reasons"]}
def reviewed(code):
    return db.execute("""select count(*) from audit_verdict v join branch b on b.id = v.branch_id
                         where b.code = ? and v.month = '2026-10'""", (code,)).fetchone()[0] > 0
def status_ok(r):
    o = order_of(r[0], r[1])
    if o: return (r[5] or "", r[6] or "", r[7]) == (o[0], o[1], rstatus[o[2]])
    code = r[0].rsplit("（", 1)[1].rstrip("）")
    fails = reasons[(code, r[2])]["fails"]
    return r[5] is None and r[6] is None and r[7] == (("未下达整改" if reviewed(code) else "未审查") if fails else "待定")
out.append(all(status_ok(r) for r in pdata[2:]) and
           any(r[1] == "三会一课" and r[2] == "10月未召开支部委员会" for r in pdata[2:]))
st = {r[0]: r[1] for r in wb["统计"].iter_rows(values_only=True) if r and r[0]}
committee = db.execute("""select count(*) from meeting m join branch b on b.id = m.branch_id
    where not exists (select 1 from branch c where c.parent_id = b.id) and m.voided_at is null
    and m.date between '2026-10-01' and '2026-10-31' and (m.kind = 'committee' or (m.also_mask & 2) != 0)""").fetchone()[0]
verdicts = [expect_verdict(r["branch_code"]) for r in rows]
out.append(st["支部数"] == len(rows) and all(st[k] == verdicts.count(k) for k in ("合格", "需整改", "不合格", "未审查"))
           and st["未作总评（仅分项）"] == 0 and st["审后修改（处）"] == 0)
out.append(st["支部委员会"] == committee)
out.append(st["应收（元）"] > 0 and abs(st["收缴率"] - st["实收（元）"] / st["应收（元）"]) < 1e-9)
out.append(0 < st["已设岗党员"] <= st["应设岗党员"] and abs(st["覆盖率"] - st["已设岗党员"] / st["应设岗党员"]) < 1e-9)
print(" ".join(str(x) for x in out))
PY
$PY "$T/check_report.py" "$T/report.xlsx" "$T/audit.csv" "$T/audit.json" "$DB" >"$T/check"
expect_eq "report xlsx: sheets, headers, bold frozen header, rows and states as the audit CSV, problems as the JSON, 统计" \
    "$(cat "$T/check")" "True True True True True True True True True True True True True"
expect_eq "report xlsx: no temporary file left" "$(ls "$T" | grep -c '\.tmp$')" "0"

# verdicts and orders given (rows written straight into the database, as the review screens
# would through the store): the report shows them, the counts follow
L1=$(echo "$LEAVES" | sed -n 1p); L2=$(echo "$LEAVES" | sed -n 2p); L3=$(echo "$LEAVES" | sed -n 3p)
NOW=2026-11-10T09:00:00Z
sql "$DB" "
insert or replace into audit_verdict (uuid, branch_id, month, item, verdict, comment, deadline, reviewer, created_at, created_by, updated_at)
  select lower(hex(randomblob(16))), id, '2026-10', 'overall', 'rectify', '限期整改', '2026-12-15', '审查员', '$NOW', 't', '$NOW' from branch where code = '$L1';
insert or replace into audit_verdict (uuid, branch_id, month, item, verdict, comment, deadline, reviewer, created_at, created_by, updated_at)
  select lower(hex(randomblob(16))), id, '2026-10', 'overall', 'pass', '', '', '审查员', '$NOW', 't', '$NOW' from branch where code = '$L2';
insert or replace into audit_verdict (uuid, branch_id, month, item, verdict, comment, deadline, reviewer, created_at, created_by, updated_at)
  select lower(hex(randomblob(16))), id, '2026-10', 'overall', 'fail', '', '', '审查员', '$NOW', 't', '$NOW' from branch where code = '$L3';
insert or replace into rectification (uuid, branch_id, month, item, order_text, deadline, status, created_at, created_by, updated_at)
  select lower(hex(randomblob(16))), id, '2026-10', 'meetings', '补开支部委员会，11月起按月召开', '2026-12-15', 'open', '$NOW', 't', '$NOW' from branch where code = '$L1';
insert or replace into rectification (uuid, branch_id, month, item, order_text, deadline, status, created_at, created_by, updated_at)
  select lower(hex(randomblob(16))), id, '2026-10', 'dues', '催缴党费', '2026-11-30', 'done', '$NOW', 't', '$NOW' from branch where code = '$L3';
insert or replace into rectification (uuid, branch_id, month, item, order_text, deadline, status, created_at, created_by, updated_at)
  select lower(hex(randomblob(16))), id, '2026-10', 'posts', '补齐履职汇报', '2026-11-30', 'confirmed', '$NOW', 't', '$NOW' from branch where code = '$L3';"
run_zhibu report --db "$DB" --month 2026-10 --out "$T/report2.xlsx"
expect_rc "report after review: exit 0" 0
$PY "$T/check_report.py" "$T/report2.xlsx" "$T/audit.csv" "$T/audit.json" "$DB" >"$T/check"
expect_eq "report after review: 审查意见, 整改情况, orders in the problem list and the counts follow the database" \
    "$(cat "$T/check")" "True True True True True True True True True True True True True"
expect_eq "report after review: the summary's verdicts and rectification states" \
    "$($PY -c "
from openpyxl import load_workbook
ws = load_workbook('$T/report2.xlsx')['汇总']
d = {r[0]: (r[9], r[10]) for r in ws.iter_rows(min_row=3, values_only=True)}
print(d['$L1'], d['$L2'], d['$L3'])")" "('需整改', '整改中 1 项') ('合格', '无') ('不合格', '待确认 1 项')"
expect_eq "report after review: the 统计 counts" \
    "$($PY -c "
from openpyxl import load_workbook
st = {r[0]: r[1] for r in load_workbook('$T/report2.xlsx')['统计'].iter_rows(values_only=True) if r and r[0]}
print(st['合格'], st['需整改'], st['不合格'], st['未审查'])")" "1 1 1 $((NLEAVES - 3))"

# ---- the report (.csv) ----
run_zhibu report --db "$DB" --month 2026-10 --out "$T/report.csv"
expect_rc "report csv: exit 0" 0
expect_eq "report csv: a byte-order mark and the Chinese header" "$(head -1 "$T/report.csv")" \
    "$(printf '\357\273\277')组织代码,支部名称,三会一课,主题党日,记录规范,党员管理,党费收缴,设岗定责,得分,审查意见,整改情况,提交月报,审后修改,现状（与审查时不同处）"
expect_eq "report csv: one row per branch" "$(tail -n +2 "$T/report.csv" | cut -d, -f1)" "$LEAVES"

# ---- report: bad input ----
for m in 2026-13 abc 2027-01; do
    run_zhibu report --db "$DB" --month $m --out "$T/bad.xlsx"
    expect_rc "report --month $m: exit 2" 2
    expect_eq "report --month $m: no file" "$(ls "$T" | grep -c '^bad\.xlsx')" "0"
done
run_zhibu report --db "$DB" --month 2026-10 --out "$T/report.pdf"
expect_rc "report: an unknown extension exit 2" 2
run_zhibu report --db "$DB" --month 2026-10
expect_rc "report: missing --out exit 2" 2
run_zhibu report --db "$DB" --month 2026-10 --out "$T/no/such/dir/r.xlsx"
expect_rc "report: unwritable --out exit 1" 1
expect_contains "report: unwritable --out message" "$T/err" "目录不存在"
expect_eq "report: unwritable --out leaves nothing" "$(find "$T" -path "*no/such*" | wc -l)" "0"
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
    run_zhibu report --db "$DB" --month 2026-10 --out "$T/ro/r.xlsx"
    expect_rc "report: read-only directory exit 1" 1
    expect_eq "report: read-only directory leaves nothing" "$(ls -A "$T/ro" | wc -l)" "0"
fi
echo "old" >"$T/keep.csv"
run_zhibu report --db "$T/nope.db" --month 2026-10 --out "$T/keep.csv"
expect_rc "report: a missing database exit 1" 1
expect_eq "report: a failed run leaves the old file as it was" "$(cat "$T/keep.csv")" "old"

# ---- every branch at once against each branch alone ----
# Every branch is loaded on two connections, the work split between them (the remittances and 6/10
# of the allocations on the second; in December the year's talks and lectures of the branches
# before the last 3/10 by id there, the rest on the first): each branch's object must be the
# one --branch gives (all of it read on one connection). December 2025 has talks and lectures
# counted in the branches of both parts.
# (talk_per_year = 3 too: the members below it listed with their counts, a count added twice shows)
sed 's/^talk_per_year = .*/talk_per_year = 3/' "$ZHIBU_CONFIG" >"$T/talks3.ini"
for m in 2025-12 2025-12t3 2026-10; do
    cfg=$ZHIBU_CONFIG
    [ $m = 2025-12t3 ] && cfg=$T/talks3.ini
    ZHIBU_CONFIG=$cfg "$ZHIBU" audit --db "$DB" --month ${m%t3} --format json >"$T/every-$m.json" 2>"$T/every-$m.err" ||
        fail "every branch, $m" "$(cat "$T/every-$m.err")"
    for c in $LEAVES; do
        ZHIBU_CONFIG=$cfg "$ZHIBU" audit --db "$DB" --month ${m%t3} --branch "$c" --format json >"$T/one-$m-$c.json" 2>&1 ||
            fail "branch $c alone, $m" "$(head -c 200 "$T/one-$m-$c.json")"
    done
    expect_eq "every branch at once, $m: each branch as --branch gives it" "$($PY - "$T" $m $LEAVES <<'PY'
import json, sys
t, m, codes = sys.argv[1], sys.argv[2], sys.argv[3:]
every = {b["branch_code"]: b for b in json.load(open("%s/every-%s.json" % (t, m)))}
bad = [c for c in codes if [every.get(c)] != json.load(open("%s/one-%s-%s.json" % (t, m, c)))]
print(" ".join(bad) or "same")
PY
)" "same"
done
# A member transferred in owes nothing before the letter's 党费交至 (its own start of the ledger,
# taken at the layout instead of its branch's): none of the demo's transferred in (all before
# October, their letters paid through the month before) is in arrears in October, neither in the
# load of every branch nor alone.
TIN=$(sql "$DB" "select group_concat(member_id, ' ') from member_transfer where direction = 'in'")
expect_eq "the demo has members transferred in (8)" "$(echo $TIN | wc -w)" "8"
"$ZHIBU" audit --db "$DB" --month 2026-10 --branch 1101010002 --format json >"$T/one-tin.json" 2>&1
expect_eq "October 2026: no member transferred in owes months before the transfer" "$($PY - "$T" $TIN <<'PY'
import json, sys
t, tin = sys.argv[1], {int(x) for x in sys.argv[2:]}
bad = set()
for f in ("every-2026-10.json", "one-tin.json"):
    for b in json.load(open("%s/%s" % (t, f))):
        for r in b["reasons"]:
            if r["item"] == "dues" and ("欠交党费满" in r["text"] or "连续" in r["text"]):
                bad |= {x["id"] for x in r["refs"] if x["kind"] == "member" and x["id"] in tin}
print(" ".join(str(x) for x in sorted(bad)) or "none")
PY
)" "none"
expect_eq "December 2025: talks counted in branches of both parts (by id: the first five, the last three)" "$(sql "$DB" "
    select count(distinct b.id < (select id from branch l where not exists (select 1 from branch c where c.parent_id = l.id) order by id limit 1 offset 5))
    from branch b join meeting m on m.branch_id = b.id join meeting_attendance a on a.meeting_id = m.id
    where m.voided_at is null and (m.kind = 'talk' or (m.also_mask & 128) <> 0) and a.mark = 'present'
      and m.date between '2025-01-01' and '2025-12-31'")" "2"

# ---- an empty database (no branches) ----
"$ZHIBU" init --test --db "$T/empty.db" --password-file "$PW" >/dev/null 2>&1 # no branch yet
run_zhibu audit --db "$T/empty.db" --month 2026-10 --format text
expect_rc "empty database: audit text exit 0" 0
expect_contains "empty database: audit text says so" "$T/out" "没有可审查的支部"
run_zhibu audit --db "$T/empty.db" --month 2026-10 --format csv
expect_eq "empty database: audit csv is the header only" "$(cat "$T/out")" \
    "branch_code,branch_name,month,meetings,theme_day,records,members,dues,posts,score,suggest"
run_zhibu audit --db "$T/empty.db" --month 2026-10 --format json
expect_eq "empty database: audit json is []" "$($PY -c 'import json,sys; print(json.load(sys.stdin))' <"$T/out")" "[]"
run_zhibu report --db "$T/empty.db" --month 2026-10 --out "$T/empty.xlsx"
expect_rc "empty database: report exit 0" 0
expect_eq "empty database: the report has headers and no rows, 支部数 0" \
    "$($PY -c "
from openpyxl import load_workbook
wb = load_workbook('$T/empty.xlsx')
st = {r[0]: r[1] for r in wb['统计'].iter_rows(values_only=True) if r and r[0]}
print(wb['汇总'].max_row, wb['问题清单'].max_row, st['支部数'], st['收缴率'])")" "2 2 0 —"
