#!/bin/sh
# zhibu circular: the district's 通报 for a month and a quarter, on a small district whose every
# verdict is known (four townships: one with no branches, one whose branch was never reviewed,
# a district verdict overturning pass → fail and one fail → pass, a branch behind two months,
# orders done on the deadline day, late and not done): the .xlsx read back with openpyxl — the
# ranking, each township's counts equal to independent SQL counts of the database, the behind
# branches, the trend — and the .txt page; then every bad input (neither or both of
# --month/--quarter, a bad month or quarter, a future period, an unknown extension, a village's
# database, an existing output, an unwritable path).
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

# the district (tests/fixtures/circular_district.sh): $DB, administrator admin (password in $T/pw)
. "$ROOT/tests/fixtures/circular_district.sh"

# ---- the month as .xlsx ----
run_zhibu circular --db "$DB" --month 2026-10 --out "$T/c.xlsx"
expect_rc "circular month xlsx: exit 0" 0
expect_eq "circular month xlsx: no temporary file left" "$(ls "$T" | grep -c 'c.xlsx.tmp')" "0"
cat >"$T/check.py" <<'PY'
import sqlite3, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
db = sqlite3.connect(sys.argv[2])
months = sys.argv[3].split(",")
out = []
out.append(wb.sheetnames == ["通报", "连续未合格支部", "合格率走势"])
s = wb["通报"]
rows = [list(r) for r in s.iter_rows(values_only=True)]
out.append(rows[0][0] == sys.argv[4])
out.append("城关区委组织部" in rows[1][0] and "2026年11月21日" in rows[1][0])
head = rows[4]
out.append(head[:8] == ["名次", "乡镇", "支部数", "合格", "需整改", "不合格", "未审", "合格率"])
# the printed page: A4 landscape, one page wide, the heading row repeated
out.append(s.page_setup.paperSize in (9, "9") and s.page_setup.orientation == "landscape")
out.append(s.print_title_rows == "5:5" or s.print_title_rows == "$5:$5")
out.append("&P" in (s.oddFooter.center.text or ""))
# one page wide, margins, and the attachments' headings repeated too
out.append(s.page_setup.fitToWidth in (1, None) and s.sheet_properties.pageSetUpPr.fitToPage and s.page_setup.fitToHeight == 0
           and abs(s.page_margins.left - 0.6) < 1e-6 and abs(s.page_margins.top - 0.8) < 1e-6
           and all(wb[n].print_title_rows in ("2:2", "$2:$2") for n in ("连续未合格支部", "合格率走势")))
# the end: the office's name and the date, in rows made tall for the stamp
tail = [r for r in rows if r[11]]
out.append(tail[-2][11] == "城关区委组织部" and tail[-1][11] == "2026年11月21日"
           and s.row_dimensions[len(rows) - 3].height == 30)
body = []
for r in rows[5:]:
    if r[1] is None: break
    body.append(r)
# independent counts: the final verdict = the district's, else the township's
q = """select t.name, count(*), total(f = 'pass'), total(f = 'rectify'), total(f = 'fail'), total(f is null)
  from (select tb.township_id tid, coalesce(
          (select verdict from district_verdict d where d.branch_id = tb.branch_id and d.month = m.month and d.item = 'overall'),
          (select verdict from audit_verdict v where v.branch_id = tb.branch_id and v.month = m.month and v.item = 'overall')) f
        from township_branch tb, (select value month from json_each(?)) m) x
  join township t on t.id = x.tid group by t.id"""
import json
want = {r[0]: [int(x) for x in r[1:]] for r in db.execute(q, (json.dumps(months),))}
want.update({r[0]: [0, 0, 0, 0, 0] for r in db.execute("select name from township where id not in (select township_id from township_branch)")})
got = {r[1]: [r[2] * len(months), r[3], r[4], r[5], r[6]] for r in body if r[1] != "全区合计"}
ok_counts = got == want and len(want) == 4
out.append(ok_counts)
if not ok_counts: print(want, got, file=sys.stderr)
total = [r for r in body if r[1] == "全区合计"][0]
out.append(total[2] == db.execute("select count(*) from township_branch").fetchone()[0])
print(" ".join(str(x) for x in out))
for r in body: print("ROW", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15])
b = wb["连续未合格支部"]
for r in list(b.iter_rows(values_only=True))[2:]:
    print("BEHIND", *r)
t = wb["合格率走势"]
for r in list(t.iter_rows(values_only=True))[1:]:
    print("TREND", *[("%.3f" % v if isinstance(v, float) else v) for v in r])
PY
$PY "$T/check.py" "$T/c.xlsx" "$DB" 2026-10 "关于2026年10月执行月审月报制度情况的通报" >"$T/xl" 2>"$T/xl.err"
expect_eq "circular xlsx: sheets, title, office and date, heading, A4 landscape, repeated heading, page numbers, one page wide with margins, office and date at the end with room for the stamp, counts equal to SQL, total" \
    "$(head -1 "$T/xl")" "True True True True True True True True True True True"
grep '^ROW' "$T/xl" >"$T/ranking"
expect_file_eq "circular xlsx: the ranking (share, then on time, then overturned; 并列 none; — last)" "$T/ranking" <<'EOF'
ROW 1 东风乡党委 2 2 0 0 0 1 1 0 0 1 1 1 1 0
ROW 2 红旗镇党委 3 1 1 1 0 0.3333333333333333 2 1 0.5 1 1 1 0 1
ROW 3 某某某某某某某某某某某某某某街道党工委 1 0 0 0 1 0 0 0 — 0 0 — 0 1
ROW 4 新建镇党委 0 0 0 0 0 — 0 0 — 0 0 — 0 0
ROW None 全区合计 6 3 1 1 1 0.5 3 1 0.3333333333333333 2 2 1 1 2
EOF
grep '^BEHIND' "$T/xl" >"$T/behind"
grep '^TREND' "$T/xl" >"$T/trend"
expect_file_eq "circular xlsx: 附件1 the branches behind, longest first, each month's final verdict (B401 never reviewed: 未审 since the district's first month, July)" "$T/behind" <<'EOF'
BEHIND 1 某某某某某某某某某某某某某某街道党工委 B401 未审村党支部 4 2026年7月至2026年10月（未审）
BEHIND 2 红旗镇党委 B103 胜利村党支部 2 2026年9月（不合格）、2026年10月（需整改）
EOF
expect_file_eq "circular xlsx: 附件2 the trend, 12 months to October; — before the first verdicts (July) and for a township with no branches; one that never reviewed counts from July as 未审" "$T/trend" <<'EOF'
TREND 乡镇 2025年11月 2025年12月 2026年1月 2026年2月 2026年3月 2026年4月 2026年5月 2026年6月 2026年7月 2026年8月 2026年9月 2026年10月
TREND 红旗镇党委 — — — — — — — — 1 1 0.667 0.333
TREND 东风乡党委 — — — — — — — — 1 1 1 1
TREND 新建镇党委 — — — — — — — — — — — —
TREND 某某某某某某某某某某某某某某街道党工委 — — — — — — — — 0 0 0 0
TREND 全区 — — — — — — — — 0.833 0.833 0.667 0.500
EOF

# ---- on a district made the way a real one is (zhibu demo --district: township bundles
# imported), the counts equal the district's own audit (zhibu audit --format json: each branch's
# township and district overall verdicts) ----
DD=$T/demo-district.db
run_zhibu demo --district --db "$DD" --townships 2 --branches 4
expect_rc "demo --district" 0
for M in 2026-10 2026-09; do
    run_zhibu audit --db "$DD" --month $M --format json
    cp "$T/out" "$T/audit-$M.json"
    run_zhibu circular --db "$DD" --month $M --out "$T/demo-$M.xlsx"
    expect_rc "demo district $M: circular exit 0" 0
    $PY - "$T/demo-$M.xlsx" "$T/audit-$M.json" >"$T/cmp" 2>&1 <<'PY'
import json, sys
from openpyxl import load_workbook
rows = [list(r) for r in load_workbook(sys.argv[1])["通报"].iter_rows(values_only=True)]
body = []
for r in rows[5:]:
    if r[1] is None: break
    body.append(r)
got = {r[1]: r[2:7] for r in body}
audit = json.load(open(sys.argv[2], encoding="utf-8"))
want = {}
for a in audit:
    f = a["district_verdicts"]["overall"] or a["township_verdicts"]["overall"]
    w = want.setdefault(a["township"], [0, 0, 0, 0, 0])
    w[0] += 1
    w[{"pass": 1, "rectify": 2, "fail": 3, "": 4}[f]] += 1
tot = [sum(v[i] for v in want.values()) for i in range(5)]
print(len(audit) > 0 and all(got.get(k) == v for k, v in want.items()) and got.get("全区合计") == tot,
      len(want), len(body) - 1)
if not all(got.get(k) == v for k, v in want.items()): print(got, want, file=sys.stderr)
PY
    expect_eq "demo district $M: each township's branches, 合格, 需整改, 不合格, 未审 equal to zhibu audit's (2 townships)" \
        "$(head -1 "$T/cmp")" "True 2 2"
done

# ---- the month as a text page ----
run_zhibu circular --db "$DB" --month 2026-10 --out "$T/c.txt"
expect_rc "circular month txt: exit 0" 0
expect_eq "circular txt: the title centred on the first line" "$(head -1 "$T/c.txt" | sed 's/^ *//')" \
    "关于2026年10月执行月审月报制度情况的通报"
expect_contains "circular txt: the summary" "$T/c.txt" "2026年10月，全区4个乡镇共6个支部。复审后合格3个，合格率50.0%；需整改1个，不合格1个，未审1个。"
sed -n '/^名次/,/^     全区/p' "$T/c.txt" | grep -v '^---' >"$T/table"
expect_file_eq "circular txt: the ranking, a long name cut with …" "$T/table" <<'EOF'
名次 乡镇             支部数   合格 需整改 不合格   未审   合格率 按期整改率 复审改判率 连续未合格
   1 东风乡党委            2      2      0      0      0   100.0%       0.0%     100.0%          0
   2 红旗镇党委            3      1      1      1      0    33.3%      50.0%     100.0%          1
   3 某某某某某某某…       1      0      0      0      1     0.0%          —          —          1
   4 新建镇党委            0      0      0      0      0        —          —          —          0
     全区                  6      3      1      1      1    50.0%      33.3%     100.0%          2
EOF
# every line of the ranking and the trend is as wide as its heading (wide characters count two)
W=$($PY -c '
import sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
ls = open(sys.argv[1], encoding="utf-8").read().split("\n")
t = [l for l in ls if l.startswith("名次")][0]
i = ls.index(t)
rows = [l for l in ls[i:i + 7] if not l.startswith("-")]
tr = [l for l in ls if l.startswith("乡镇")][0]
j = ls.index(tr)
print(len({w(l) for l in rows}), len({w(l) for l in ls[j:j + 6]}), max(w(l) for l in ls) <= 100)
' "$T/c.txt")
expect_eq "circular txt: columns aligned counting wide characters, lines within 100 columns" "$W" "1 1 True"
expect_contains "circular txt: the branch behind two months" "$T/c.txt" "红旗镇党委 B103 胜利村党支部：连续2个月未合格——2026年9月（不合格）、2026年10月（需整改）"
expect_contains "circular txt: the office at the end" "$T/c.txt" "城关区委组织部"
expect_contains "circular txt: the date at the end" "$T/c.txt" "2026年11月21日"

# ---- a quarter: its three months as branch-months ----
run_zhibu circular --db "$DB" --quarter 2026-Q3 --out "$T/q.xlsx"
expect_rc "circular quarter xlsx: exit 0" 0
$PY "$T/check.py" "$T/q.xlsx" "$DB" 2026-07,2026-08,2026-09 "关于2026年第3季度执行月审月报制度情况的通报" >"$T/xq" 2>"$T/xq.err"
expect_eq "circular quarter xlsx: title, counts (branch-months) equal to SQL over July–September" \
    "$(head -1 "$T/xq")" "True True True True True True True True True True True"
expect_contains "circular quarter xlsx: 红旗镇 8 of 9 branch-months 合格, one upheld re-review" "$T/xq" \
    "ROW 2 红旗镇党委 3 8 0 1 0 0.8888888888888888 0 0 — 1 0 0 0 0"
run_zhibu circular --db "$DB" --quarter 2026-q4 --out "$T/q4.txt"
expect_rc "circular: the quarter in progress (2026-q4) is allowed" 0
expect_contains "circular: Q4 is October to December" "$T/q4.txt" "关于2026年第4季度执行月审月报制度情况的通报"

# ---- bad input ----
bad() { # NAME WANT_RC MESSAGE ARGS...
    name=$1 want=$2 msg=$3
    shift 3
    run_zhibu circular "$@"
    expect_rc "$name: exit $want" "$want"
    expect_contains "$name: says why" "$T/err" "$msg"
    expect_eq "$name: one line" "$(wc -l <"$T/err" | tr -d ' ')" "1"
}
bad "neither --month nor --quarter" 2 "请给出 --month YYYY-MM 或 --quarter YYYY-Qn 中的一个（不能都不给）" --db "$DB" --out "$T/n.xlsx"
bad "both --month and --quarter" 2 "（不能两个都给）" --db "$DB" --month 2026-10 --quarter 2026-Q3 --out "$T/n.xlsx"
bad "a bad month" 2 "--month 应是 YYYY-MM 形式的月份" --db "$DB" --month 2026-13 --out "$T/n.xlsx"
bad "a bad quarter (2026-Q5)" 2 "--quarter 应是 YYYY-Qn 形式的季度（n 为 1–4），如 2026-Q3，而不是“2026-Q5”" --db "$DB" --quarter 2026-Q5 --out "$T/n.xlsx"
bad "a bad quarter (2026-3)" 2 "--quarter 应是 YYYY-Qn" --db "$DB" --quarter 2026-3 --out "$T/n.xlsx"
bad "a future month" 2 "不能通报未来的月份 2026-12（今天是 2026-11-21）" --db "$DB" --month 2026-12 --out "$T/n.xlsx"
bad "a future quarter" 2 "不能通报未来的季度 2027-Q1" --db "$DB" --quarter 2027-Q1 --out "$T/n.xlsx"
bad "an unknown extension" 2 "--out 应以 .xlsx 或 .txt 结尾，而不是“$T/n.pdf”" --db "$DB" --month 2026-10 --out "$T/n.pdf"
bad "no --out" 2 "缺少 --out" --db "$DB" --month 2026-10
expect_eq "bad input: no output file written" "$(ls "$T" | grep -c '^n\.')" "0"
V=$T/village.db
run_zhibu init --db "$V" --test --password-file "$T/pw"
bad "a village's database" 1 "只有区（县）的数据库可以生成通报" --db "$V" --month 2026-10 --out "$T/v.xlsx"
run_zhibu init --db "$T/township.db" --test --office township --password-file "$T/pw"
bad "a township's database" 1 "只有区（县）的数据库可以生成通报" --db "$T/township.db" --month 2026-10 --out "$T/v.xlsx"
expect_eq "not a district: no file written" "$(ls "$T" | grep -c '^v\.')" "0"
cp "$T/c.xlsx" "$T/c.before"
bad "an existing output file" 1 "已存在，不会覆盖（要覆盖请加 --force）" --db "$DB" --month 2026-10 --out "$T/c.xlsx"
expect_eq "an existing output file: kept as it was" "$(cmp -s "$T/c.xlsx" "$T/c.before" && echo same)" "same"
run_zhibu circular --db "$DB" --month 2026-09 --out "$T/c.xlsx" --force
expect_rc "--force overwrites" 0
expect_eq "--force: the file is September's now" "$(cmp -s "$T/c.xlsx" "$T/c.before" || echo changed)" "changed"
bad "an unwritable path" 1 "无法写入 $T/nodir/c.xlsx：目录不存在" --db "$DB" --month 2026-10 --out "$T/nodir/c.xlsx"
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
    bad "a read-only directory" 1 "无法写入 $T/ro/c.txt" --db "$DB" --month 2026-10 --out "$T/ro/c.txt"
fi
bad "a missing database" 1 "" --db "$T/none.db" --month 2026-10 --out "$T/m.xlsx"
expect_eq "a missing database: not created" "$(ls "$T" | grep -c none.db)" "0"
run_zhibu circular --help
expect_rc "circular --help" 0
expect_contains "circular --help: in Chinese, the figures" "$T/out" "按期整改率"
run_zhibu --help
expect_contains "zhibu --help lists circular" "$T/out" "circular --db PATH --month YYYY-MM|--quarter YYYY-Qn"
