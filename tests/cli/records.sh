#!/bin/sh
# Issue 14, meeting records that travel and report print: every .xlsx the program writes (the
# meetings, the dues ledger, the posts notice, the month's report) read back with openpyxl —
# A4 (paper 9), landscape where wide, the page header that keeps the year (the 14 pt size code
# used to swallow "2026"), page numbers, borders on the table, the month or period in a cell;
# the meetings' 会议内容 sheet (minutes, 列席人员) and 决议 sheet (votes, 通过/未通过 counted
# independently here: more than half of the full members not excused), 应到 without members
# excused with approval. Bad input: a branch name with "&" stays itself in the page header.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
DB=$T/demo.db
run_zhibu demo --db "$DB" --seed 3
expect_rc "demo: exit 0" 0
B=1101010002
NAME=$(sql "$DB" "select name from branch where code = '$B'")

run_zhibu export meetings --db "$DB" --branch $B --month 2026-10 --out "$T/m.xlsx"
expect_rc "export meetings .xlsx: exit 0" 0
run_zhibu export dues --db "$DB" --branch $B --year 2026 --month 2026-10 --out "$T/d.xlsx"
expect_rc "export dues .xlsx: exit 0" 0
run_zhibu export notice --db "$DB" --branch $B --date 2026-11-20 --out "$T/n.xlsx"
expect_rc "export notice .xlsx: exit 0" 0
run_zhibu report --db "$DB" --month 2026-10 --out "$T/r.xlsx"
expect_rc "report .xlsx: exit 0" 0

# ---- the printed page of every sheet ----
$PY - "$T" >"$T/pages" <<'PY'
import sys, openpyxl
d = sys.argv[1]
for f in ("m", "d", "n", "r"):
    wb = openpyxl.load_workbook(f"{d}/{f}.xlsx")
    for ws in wb:
        h = ws.oddHeader.center
        print(f, ws.title, ws.page_setup.paperSize, ws.page_setup.orientation, h.size,
              (h.text or "").strip(), ws.print_title_rows, sep="|")
PY
expect_file_eq "every sheet: A4, landscape where wide, a 14 pt header with the year, the heading row repeated" "$T/pages" <<EOF
m|会议记录|9|landscape|14|$NAME 会议记录（2026年10月）|\$2:\$2
m|出席情况|9|landscape|14|$NAME 出席情况（2026年10月）|\$2:\$2
m|会议内容|9|landscape|14|$NAME 会议内容（2026年10月）|\$2:\$2
m|决议|9|landscape|14|$NAME 决议（2026年10月）|\$2:\$2
d|党费台账|9|landscape|14|$NAME 2026年 党费收缴台账|\$2:\$2
d|收缴汇总|9|portrait|14|$NAME 2026年10月 党费收缴汇总|\$2:\$2
d|党费上缴|9|portrait|14|$NAME 2026年 党费上缴汇总|\$2:\$2
n|设岗定责公示|9|landscape|14|${NAME}无职党员设岗定责公示|\$2:\$2
r|汇总|9|landscape|14|2026年10月 月审月报|\$2:\$2
r|问题清单|9|landscape|14|2026年10月 月审月报|\$2:\$2
r|审后修改|9|landscape|14|2026年10月 月审月报|\$2:\$2
r|统计|9|portrait|14|2026年10月 月审月报|\$1:\$1
EOF

# the header string itself: a space after the size code, so "2026" is not read as the size
for f in m d r; do
    unzip -p "$T/$f.xlsx" xl/worksheets/sheet1.xml | grep -o '<oddHeader>[^<]*</oddHeader>' >>"$T/raw"
done
expect_file_eq "the header string: &C&14 then a space before the digits" "$T/raw" <<EOF
<oddHeader>&amp;C&amp;14 $NAME 会议记录（2026年10月）</oddHeader>
<oddHeader>&amp;C&amp;14 $NAME 2026年 党费收缴台账</oddHeader>
<oddHeader>&amp;C&amp;14 2026年10月 月审月报</oddHeader>
EOF

# ---- the month or period in a cell, the page number below, lines around every table cell ----
$PY - "$T" >"$T/cells" <<'PY'
import sys, openpyxl
d = sys.argv[1]
def boxed(c):
    b = c.border
    return all(s.style == "thin" for s in (b.left, b.right, b.top, b.bottom))
for f, sheet, month_cell in (("m", "会议记录", "A1"), ("m", "决议", "A1"), ("d", "党费台账", "A1"),
                             ("d", "收缴汇总", "A1"), ("n", "设岗定责公示", "A1"), ("r", "统计", "B1")):
    ws = openpyxl.load_workbook(f"{d}/{f}.xlsx")[sheet]
    first = 1 if f == "r" else 2  # the report keeps its heading in row 1
    table = [c for row in ws.iter_rows(min_row=first, max_row=min(ws.max_row, first + 5)) for c in row]
    print(f, sheet, ws[month_cell].value, ws.oddFooter.center.text or ws.oddFooter.right.text,
          all(boxed(c) for c in table if c.value is not None or f != "r"), sep="|")
r = openpyxl.load_workbook(f"{d}/r.xlsx")
# the report's tables begin under the title row, but 统计's
print("r", all(boxed(c) for ws in r for row in ws.iter_rows(min_row=1 if ws.title == "统计" else 2, max_row=min(ws.max_row, 4), max_col=2)
               for c in row if c.value is not None))
PY
NOTICE_FOOT="${NAME}  2026年11月20日"
expect_file_eq "the month or period in a cell, page numbers, bordered tables" "$T/cells" <<EOF
m|会议记录|$NAME 会议记录（2026年10月）|第 &P 页，共 &N 页|True
m|决议|$NAME 决议（2026年10月）|第 &P 页，共 &N 页|True
d|党费台账|$NAME 2026年 党费收缴台账|第 &P 页，共 &N 页|True
d|收缴汇总|$NAME 2026年10月 党费收缴汇总|第 &P 页，共 &N 页|True
n|设岗定责公示|${NAME}无职党员设岗定责公示（公示日期：2026年11月20日）|$NOTICE_FOOT|True
r|统计|2026年10月|第 &P 页，共 &N 页|True
r True
EOF

# ---- what the township reads: minutes, 列席人员, resolutions with votes and outcome ----
# (the month of the branch's latest record with 列席人员, in a month with resolutions)
MONTH=$(sql "$DB" "select substr(m.date, 1, 7) from meeting m join branch b on b.id = m.branch_id
                   where b.code = '$B' and m.observers <> '' and m.voided_at is null
                   and exists (select 1 from meeting x join meeting_resolution r on r.meeting_id = x.id
                               where x.branch_id = m.branch_id and x.voided_at is null
                               and substr(x.date, 1, 7) = substr(m.date, 1, 7))
                   order by m.date desc limit 1")
run_zhibu export meetings --db "$DB" --branch $B --month "$MONTH" --out "$T/m2.xlsx"
expect_rc "export meetings of $MONTH: exit 0" 0
$PY - "$T/m2.xlsx" "$DB" "$B" "$MONTH" >"$T/content" <<'PY'
import sys, sqlite3, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
db = sqlite3.connect(sys.argv[2])
print(wb.sheetnames)
meetings = db.execute("""select m.id, m.date, m.minutes, m.observers, m.no_resolutions from meeting m
    join branch b on b.id = m.branch_id where b.code = ? and m.date like ? || '-%' and m.voided_at is null
    order by m.date, m.start_time, m.id""", (sys.argv[3], sys.argv[4])).fetchall()
c = list(wb["会议内容"].iter_rows(min_row=2, values_only=True))
print(c[0])
body = c[1:]
print(len(body) == len(meetings) > 0,
      all(r[0] == m[1] and r[6] == m[2].strip() and r[5] == (m[3].strip() or "无") for r, m in zip(body, meetings)),
      any(r[5] != "无" for r in body))
r = list(wb["决议"].iter_rows(min_row=2, values_only=True))
print(r[0])
want = []
for m in meetings:
    entitled = db.execute("select count(*) from meeting_attendance where meeting_id = ? and voting and not excused", (m[0],)).fetchone()[0]
    res = db.execute("select text, votes_for, votes_against, votes_abstain from meeting_resolution where meeting_id = ? order by seq", (m[0],)).fetchall()
    for i, (text, vf, va, vb) in enumerate(res):
        want.append((m[1], i + 1, text, vf, va, vb, entitled, "通过" if vf * 2 > entitled else "未通过"))
    if not res and m[4]:
        want.append((m[1], None, "本次会议无表决事项", None, None, None, None, None))
got = [(x[0], x[2], x[3], x[4], x[5], x[6], x[7], x[9]) for x in r[1:]]
got = [tuple(None if v == "" else v for v in g) for g in got]
print(len(want) > 0, got == want, {g[-1] for g in got if g[-1]})
# 应到 without members excused with approval who stayed away
ws = wb["会议记录"]
head = [x.value for x in ws[2]]
rows = list(ws.iter_rows(min_row=3, values_only=True))
exp = [db.execute("""select count(*) from meeting_attendance where meeting_id = ?
                     and not (excused and mark <> 'present')""", (m[0],)).fetchone()[0] for m in meetings]
stored = [db.execute("select expected from meeting where id = ?", (m[0],)).fetchone()[0] for m in meetings]
print([x[head.index("应到")] for x in rows] == exp, exp != stored,
      all(x[head.index("应到")] == x[head.index("实到")] + x[head.index("请假")] + x[head.index("缺席")] for x in rows))
PY
expect_file_eq "meetings .xlsx: 会议内容 and 决议 as the database holds them, outcome counted on those entitled, 应到 without the excused" "$T/content" <<'EOF'
['会议记录', '出席情况', '会议内容', '决议']
('会议日期', '会议类型', '议题', '主持人', '记录人', '列席人员', '会议内容')
True True True
('会议日期', '会议类型', '序号', '决议事项', '赞成', '反对', '弃权', '有表决权应到', '出席有表决权', '表决结果')
True True {'通过'}
True True True
EOF

# ---- the list (CSV and JSON) counts 应到 as the form does ----
run_zhibu list meetings --db "$DB" --branch $B --month "$MONTH" --format json
expect_rc "list meetings json: exit 0" 0
cp "$T/out" "$T/list.json"
run_zhibu list meetings --db "$DB" --branch $B --month "$MONTH" --format csv
expect_rc "list meetings csv: exit 0" 0
cp "$T/out" "$T/list.csv"
expect_eq "list: 应到 without the excused who stayed away, in JSON and CSV" "$($PY - "$T/list.json" "$T/list.csv" "$DB" <<'PY'
import sys, json, csv, sqlite3
db = sqlite3.connect(sys.argv[3])
def want(uuid):
    return db.execute("""select count(*) from meeting_attendance a join meeting m on m.id = a.meeting_id
                         where m.uuid = ? and not (a.excused and a.mark <> 'present')""", (uuid,)).fetchone()[0]
def stored(uuid):
    return db.execute("select expected from meeting where uuid = ?", (uuid,)).fetchone()[0]
j = json.load(open(sys.argv[1], encoding="utf-8"))
c = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
print(len(j) > 0, all(m["expected"] == want(m["uuid"]) for m in j),
      all(int(r["expected"]) == want(r["uuid"]) for r in c),
      any(want(m["uuid"]) != stored(m["uuid"]) for m in j))
PY
)" "True True True True"

# ---- bad input: "&" in a name is a control character of the page header ----
sql "$DB" "update branch set name = '红旗&新村党支部' where code = '$B'"
run_zhibu export meetings --db "$DB" --branch $B --month 2026-10 --out "$T/amp.xlsx"
expect_rc "a name with &: exit 0" 0
expect_eq "a name with &: doubled in the header, shown once, the title cell as it is" \
    "$(unzip -p "$T/amp.xlsx" xl/worksheets/sheet1.xml | grep -o '<oddHeader>[^<]*</oddHeader>')|$($PY -c "
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['会议记录']
print(ws['A1'].value)" "$T/amp.xlsx")" \
    "<oddHeader>&amp;C&amp;14 红旗&amp;&amp;新村党支部 会议记录（2026年10月）</oddHeader>|红旗&新村党支部 会议记录（2026年10月）"
run_zhibu export meetings --db "$DB" --branch $B --month 2026-13 --out "$T/bad.xlsx"
expect_rc "a month that is not one: refused" 2
expect_eq "a month that is not one: no file" "$(ls "$T" | grep -c '^bad')" "0"

# ---- the JSON export says the same of each resolution ----
run_zhibu export meetings --db "$DB" --branch $B --month "$MONTH" --out "$T/m2.json"
expect_rc "export meetings .json: exit 0" 0
expect_eq "json: each resolution's passed as counted on those entitled" "$($PY - "$T/m2.json" "$T/m2.xlsx" <<'PY'
import sys, json, openpyxl
recs = json.load(open(sys.argv[1], encoding="utf-8"))
got = [r["passed"] for m in recs for r in m["resolutions"]]
want = [row[9] == "通过" for row in openpyxl.load_workbook(sys.argv[2])["决议"].iter_rows(min_row=3, values_only=True) if row[2]]
print(len(got) > 0, got == want)
PY
)" "True True"
