#!/bin/sh
# zhibu report is the month as reviewed (issue 14): 红旗村 held no committee meeting in October
# 2026; the reviewer orders rectification of 三会一课 (需整改, an item verdict only); the
# secretary then back-fills the October committee meeting through 申请修改. The report, read
# back with openpyxl, still shows the problem found, the order on that problem, the item's state
# as reviewed beside the state now, 汇总 saying only an item verdict was given, and a 审后修改
# sheet with the record, what changed, the reason, who and when. Also 不合格 orders rectification,
# and the hand-in's 情况说明 reach the report.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

# the ledger was set up in September (the branch and its members); today is 2026-11-21
ZHIBU_TODAY=2026-09-01 new_branch_db
ZHIBU_TODAY=2026-09-01 run_script roster 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right><Right><Right>
<F2>
<F2>
张三<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
KEYS
expect_eq "three members, two on the committee" "$(sql "$DB" "select count(*), sum(office<>'') from member")" "3|2"
"$ZHIBU" user add --db "$DB" --as admin --as-password-file "$PW" --login shencha --name 审查员甲 \
    --role reviewer --password-file "$PW" >"$T/user2.out" 2>&1 || fail "reviewer account" "$(cat "$T/user2.out")"

# the secretary hands October in, explaining each failed item (one prompt per failed item)
run_zhibu audit --db "$DB" --month 2026-10 --format csv
NFAIL=$(tail -1 "$T/out" | cut -d, -f4-9 | tr ',' '\n' | grep -c '^fail$')
{
    printf '5\n<Enter>\n:dump selfcheck.txt\n<F2>\n'
    printf '支委会因秋收推迟<Enter>\n'
    i=1; while [ $i -lt "$NFAIL" ]; do printf '说明%d<Enter>\n' $i; i=$((i+1)); done
    printf '<Enter>\n:dump handed.txt\n'
} >"$T/handin.in"
run_script handin 80x24 <"$T/handin.in"
expect_contains "the self-check finds the committee meeting missing" "$T/selfcheck.txt" "10月未召开支部委员会"
expect_eq "handed in with its notes" "$(sql "$DB" "select count(*) from handin where notes_json like '%支委会因秋收推迟%'")" 1
expect_contains "after handing in, the secretary's page shows the explanation" "$T/handed.txt" "情况说明：支委会因秋收推迟"

# the reviewer: 三会一课 (the first row) 需整改 — an item verdict only
login_as shencha
run_script review 80x24 <<'KEYS'
5
<Home><Enter>
<Home><Enter>
:dump branch.txt
<Home>
v
<Down><Enter>
补开10月支部委员会，今后按月召开<Enter>
<Enter>
:dump verdict.txt
KEYS
expect_contains "the reviewer's page shows the hand-in explanation" "$T/branch.txt" "情况说明：支委会因秋收推迟"
expect_contains "the verdict orders rectification" "$T/verdict.txt" "三会一课：需整改，整改期限 2026-12-21"
expect_eq "the verdict keeps the engine's result" \
    "$(sql "$DB" "select json_extract(engine_json, '\$.states.meetings') || '|' || (engine_json like '%10月未召开支部委员会%') from audit_verdict where item = 'meetings'")" "fail|1"
expect_eq "the order keeps its problem" "$(sql "$DB" "select problem from rectification where item = 'meetings'")" "10月未召开支部委员会"

# the secretary back-fills the October committee meeting: the month is reviewed, so 申请修改
login_as shuji
run_script backfill 80x24 <<'KEYS'
1
<F2>
<Down><Enter>
<C-u>2026-10-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>研究秋收后的支部工作<Tab>补记：10月20日支委会研究秋收后的支部工作。
:dump form.txt
<F2>
:dump asked.txt
漏录了10月20日的支委会，补录<Enter>
:dump saved.txt
KEYS
expect_contains "a reviewed month asks for 申请修改" "$T/asked.txt" "2026年10月已评审"
expect_contains "the meeting is back-filled" "$T/saved.txt" "已保存：2026-10-20 支部委员会"
expect_eq "one 审后修改 with its reason" "$(sql "$DB" "select month || '|' || table_name || '|' || reason || '|' || created_by from amend_request")" \
    "2026-10|meeting|漏录了10月20日的支委会，补录|shuji"
run_zhibu audit --db "$DB" --month 2026-10 --format text
expect_not_contains "the engine no longer finds the committee meeting missing" "$T/out" "10月未召开支部委员会"

run_zhibu report --db "$DB" --month 2026-10 --out "$T/report.xlsx"
expect_rc "report: exit 0" 0
$PY - "$T/report.xlsx" >"$T/check" <<'PY'
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
print("sheets", wb.sheetnames)
s = [list(r) for r in wb["汇总"].iter_rows(values_only=True)]
h = s[1]
row = dict(zip(h, s[2]))
print("summary", row["三会一课"].startswith("未达标（现"), row["审查意见"], row["审后修改"], row["提交月报"],
      "三会一课现" in (row["现状（与审查时不同处）"] or ""))
p = [list(r) for r in wb["问题清单"].iter_rows(values_only=True)]
ph = p[1]
rows = [dict(zip(ph, r)) for r in p[2:]]
m = [r for r in rows if r["问题（审查时）"] == "10月未召开支部委员会"]
print("problem", len(m))
if m:
    r = m[0]
    print("order", r["项目"], r["审查意见"], r["整改要求"], r["期限"], r["整改状态"], r["现状"], r["支部情况说明"])
others = [r for r in rows if r["项目"] == "三会一课" and r["问题（审查时）"] != "10月未召开支部委员会"]
print("order only on its problem", all(r["整改要求"] is None for r in others), len(others) > 0)
a = [list(r) for r in wb["审后修改"].iter_rows(values_only=True)]
print("amend header", a[1])
for r in a[2:]:
    print("amend", r[0], r[1], r[2].startswith("新增记录"), "日期 2026-10-20" in r[2], "主持人 王一" in r[2],
          r[3], r[4], r[5][:10])
st = {r[0]: r[1] for r in wb["统计"].iter_rows(values_only=True) if r and r[0]}
print("stats", st["未作总评（仅分项）"], st["未审查"], st["审后修改（处）"])
PY
expect_file_eq "report: the problem found, the order on it, 汇总 with the item verdict, the state now, 审后修改" "$T/check" <<'OUT'
sheets ['汇总', '问题清单', '审后修改', '统计']
summary True 未作总评（分项：需整改 1 项） 改1 2026-11-21 True
problem 1
order 三会一课 需整改：补开10月支部委员会，今后按月召开 补开10月支部委员会，今后按月召开 2026-12-21 整改中 已消除 支委会因秋收推迟
order only on its problem True True
amend header ['支部', '记录', '修改内容（原 → 新）', '修改原因', '修改人', '修改时间']
amend 红旗村党支部（1101010001） 会议 2026-10-20 支部委员会 True True True 漏录了10月20日的支委会，补录 王书记 2026-11-21
stats 1 0 1
OUT

# 不合格 orders rectification too: the overall verdict asks for the order and its deadline
login_as shencha
run_script fail 80x24 <<'KEYS'
5
<Home><Enter>
<Home><Enter>
o
<Down><Down><Enter>
:dump failorder.txt
整改不力，全面整改<Enter>
:dump faildeadline.txt
<C-u>2026-13-01<Enter>
:dump baddeadline.txt
<Enter>
<C-u>2026-12-31<Enter>
:dump failed.txt
KEYS
expect_contains "不合格 asks what must be put right" "$T/failorder.txt" "整改要求："
expect_contains "不合格 asks for a deadline" "$T/faildeadline.txt" "整改期限（YYYY-MM-DD）："
expect_contains "a bad deadline is refused" "$T/baddeadline.txt" "日期有误"
expect_contains "不合格 with its deadline" "$T/failed.txt" "总体：不合格，整改期限 2026-12-31"
expect_contains "the reviewer's page: the item changed since handing in and since review" "$T/failed.txt" "三会一课 △ 待定   提交和审查后有变化（当时未达标）"
expect_contains "the reviewer's page: the problem found at review, gone now" "$T/failed.txt" "审查时：10月未召开支部委员会（现已不存在）"
expect_eq "不合格 made an open order with the problems of the moment" \
    "$(sql "$DB" "select status || '|' || order_text || '|' || deadline || '|' || (problem like '%主题党日：10月未开展主题党日%') from rectification where item = 'overall'")" \
    "open|整改不力，全面整改|2026-12-31|1"

run_zhibu report --db "$DB" --month 2026-10 --out "$T/report2.csv"
expect_rc "report csv: exit 0" 0
$PY - "$T/report2.csv" >"$T/check" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
print(rows[0][9:])
print(rows[1][2], rows[1][9:13])
PY
expect_file_eq "report csv: the item as reviewed, the overall verdict, orders, hand-in, amends" "$T/check" <<'OUT'
['审查意见', '整改情况', '提交月报', '审后修改', '现状（与审查时不同处）']
未达标（现待定） ['不合格', '整改中 2 项', '2026-11-21', '改1']
OUT
run_zhibu report --db "$DB" --month 2026-10 --out "$T/report2.xlsx"
$PY - "$T/report2.xlsx" >"$T/check" <<'PY'
import sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
p = [list(r) for r in wb["问题清单"].iter_rows(values_only=True)]
rows = [dict(zip(p[1], r)) for r in p[2:]]
o = [r for r in rows if r["项目"] == "总评"]
print(len(o), o[0]["审查意见"], o[0]["整改要求"], o[0]["期限"], o[0]["整改状态"], "主题党日：10月未开展主题党日" in o[0]["问题（审查时）"])
m = [r for r in rows if r["问题（审查时）"] == "10月未召开支部委员会"]
print(len(m), m[0]["整改要求"], m[0]["现状"])
PY
expect_file_eq "report: the 不合格 order on the problems it was given for; the first order stays on its own" "$T/check" <<'OUT'
1 不合格：整改不力，全面整改 整改不力，全面整改 2026-12-31 整改中 True
1 补开10月支部委员会，今后按月召开 已消除
OUT

# the verdicts travel with what they kept: a verdicts bundle to the village and back in
run_zhibu verify --db "$DB"
expect_rc "the journal verifies with the kept results" 0
