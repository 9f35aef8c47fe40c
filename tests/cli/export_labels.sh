#!/bin/sh
# Exports for people, codes for scripts (issue 15). Every .xlsx a person prints — the meeting
# records, the dues ledger, the post notice, the monthly report and the roster — is read back
# with openpyxl: no cell holds a stored code (M, probationary, employed, theme_day, secretary …),
# a 1/0 for yes/no, or a stored timestamp (2026-11-20T08:00:00Z); who entered a record is named,
# not given by login; every sheet is A4 with its table bordered. The human CSVs start with a BOM
# and Chinese headings. `zhibu list members --format csv|json` keeps the codes: a header line,
# UTF-8 without a BOM.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo made" 0
B=1101010002
# one record entered by the secretary's account (the demo's records name no account)
login=$(sql "$DB" "select login from app_user where role='secretary' order by id limit 1")
dname=$(sql "$DB" "select display_name from app_user where login='$login'")
sql "$DB" "update meeting set created_by='$login' where id=(select min(m.id) from meeting m join branch b on b.id=m.branch_id where b.code='$B')"

run_zhibu export meetings --db "$DB" --branch "$B" --out "$T/meetings.xlsx"; expect_rc "export meetings .xlsx" 0
run_zhibu export meetings --db "$DB" --branch "$B" --out "$T/meetings.csv"; expect_rc "export meetings .csv" 0
run_zhibu export dues --db "$DB" --branch "$B" --year 2026 --out "$T/dues.xlsx"; expect_rc "export dues .xlsx" 0
run_zhibu export dues --db "$DB" --branch "$B" --year 2026 --out "$T/dues.csv"; expect_rc "export dues .csv" 0
run_zhibu export notice --db "$DB" --branch "$B" --out "$T/notice.xlsx"; expect_rc "export notice .xlsx" 0
run_zhibu export notice --db "$DB" --branch "$B" --out "$T/notice.csv"; expect_rc "export notice .csv" 0
run_zhibu report --db "$DB" --month 2026-10 --out "$T/report.xlsx"; expect_rc "report .xlsx" 0
run_zhibu report --db "$DB" --month 2026-10 --out "$T/report.csv"; expect_rc "report .csv" 0
run_zhibu export members --db "$DB" --branch "$B" --all --out "$T/members.xlsx"; expect_rc "export members .xlsx" 0
run_zhibu export members --db "$DB" --branch "$B" --all --out "$T/members.csv"; expect_rc "export members .csv" 0

/usr/bin/python3 - "$T" "$dname" "$login" <<'PY' || fail "read back" "python3 failed"
import re, sys, warnings
warnings.simplefilter("ignore")
import openpyxl
T, dname, login = sys.argv[1:4]
def check(n, cond, why=""):
    print(("ok export_labels: %s" % n) if cond else ("FAIL export_labels: %s: %s" % (n, why)))

CODES = {
    "M", "F", "full", "probationary",                                     # 性别, 党籍
    "employed", "retired", "farmer", "student", "unemployed", "lowincome", # 党费类别
    "secretary", "deputy", "organization", "publicity", "discipline", "committee",
    "transferred", "deceased", "expelled", "suspended",                    # 离开
    "primary", "junior", "senior", "vocational", "college", "bachelor", "master", "doctor",
    "general", "group", "lecture", "theme_day", "life_meeting", "appraisal", "talk", "other",
    "present", "leave", "absent", "pass", "rectify", "fail", "pending", "true", "false",
    "1", "0",
}
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?Z?$")

for f in ("meetings", "dues", "notice", "report", "members"):
    wb = openpyxl.load_workbook("%s/%s.xlsx" % (T, f))
    for ws in wb.worksheets:
        tag = "%s.xlsx %s" % (f, ws.title)
        cells = [c for row in ws.iter_rows() for c in row]
        codes = [(c.coordinate, c.value) for c in cells if isinstance(c.value, str) and c.value.strip() in CODES]
        check(tag + ": labels, not codes", not codes, codes[:5])
        stamps = [(c.coordinate, c.value) for c in cells if isinstance(c.value, str) and STAMP.match(c.value)]
        check(tag + ": no stored timestamps", not stamps, stamps[:3])
        check(tag + ": A4", str(ws.page_setup.paperSize) == "9", ws.page_setup.paperSize)
        # the table: from the heading row (the first row with more than one value) down, every
        # row that holds something has every cell of the table's width bordered
        rows = list(ws.iter_rows())
        head = next((i for i, r in enumerate(rows) if sum(c.value is not None for c in r) > 1), None)
        width = max((j + 1 for r in rows for j, c in enumerate(r) if c.value is not None), default=0)
        unb = [c.coordinate for r in rows[head:] if any(c.value is not None for c in r[1:width])
               for c in r[:width] if not c.border.left.style] if head is not None else []
        check(tag + ": the table bordered", not unb, unb[:5])

ws = openpyxl.load_workbook(T + "/meetings.xlsx")["会议记录"]
head = [c.value for c in ws[2]]
rec = {h: c.value for h, c in zip(head, ws[3])}
check("meetings.xlsx: 录入人 names the person", rec["录入人"] == dname, (rec["录入人"], dname))
check("meetings.xlsx: 录入时间 as YYYY-MM-DD HH:MM", re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d$", rec["录入时间"] or "") is not None,
      rec["录入时间"])
names = {c.value for c in ws["V"][2:]}
check("meetings.xlsx: no login in 录入人", login not in names, names)

for f, first in (("meetings", "组织代码"), ("dues", "姓名"), ("notice", "类别"), ("report", "组织代码"), ("members", "序号")):
    raw = open("%s/%s.csv" % (T, f), "rb").read()
    check(f + ".csv: a BOM and Chinese headings", raw.startswith(b"\xef\xbb\xbf" + first.encode()), raw[:20])
    text = raw.decode("utf-8-sig")
    import csv, io
    rows = list(csv.reader(io.StringIO(text)))
    codes = [v for r in rows[1:] for v in r if v in CODES - {"1", "0"}]
    check(f + ".csv: labels, not codes", not codes, codes[:5])
    stamps = [v for r in rows[1:] for v in r if STAMP.match(v)]
    check(f + ".csv: no stored timestamps", not stamps, stamps[:3])
PY

# the scripts' side keeps its codes
run_zhibu list members --db "$DB" --branch "$B" --format csv
expect_rc "list members csv" 0
expect_eq "list members csv: the header line of codes" "$(head -n 1 "$T/out")" \
    "branch_code,name,gender,birth_date,ethnicity,education,phone,join_date,full_date,status,dues_category,office,group,mobile,leave_status,leave_date,category"
[ "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && fail "list members csv: no BOM" "starts with a BOM" ||
    ok "list members csv: no BOM"
/usr/bin/python3 - "$T/out" <<'PY' || fail "list members csv: read" "python3 failed"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
def check(n, cond, why=""):
    print(("ok export_labels: %s" % n) if cond else ("FAIL export_labels: %s: %s" % (n, why)))
check("list members csv: gender as M/F", {r["gender"] for r in rows} <= {"M", "F"}, {r["gender"] for r in rows})
check("list members csv: status as full/probationary", {r["status"] for r in rows} == {"full", "probationary"}, {r["status"] for r in rows})
check("list members csv: dues_category as codes", {r["dues_category"] for r in rows} <= {"employed", "retired", "farmer", "student", "unemployed", "lowincome"}, {r["dues_category"] for r in rows})
check("list members csv: mobile as 1/0", {r["mobile"] for r in rows} == {"0", "1"}, {r["mobile"] for r in rows})
check("list members csv: leave_status as codes", {r["leave_status"] for r in rows} - {""} <= {"transferred", "deceased", "expelled", "suspended"}, {r["leave_status"] for r in rows})
PY
run_zhibu list members --db "$DB" --branch "$B" --format json
expect_rc "list members json" 0
/usr/bin/python3 -c '
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
ok = rows and all(r["gender"] in ("M", "F") and r["status"] in ("full", "probationary") and isinstance(r["mobile"], bool) for r in rows)
print("ok export_labels: list members json: codes" if ok else "FAIL export_labels: list members json: codes: %r" % rows[:1])
' "$T/out" || fail "list members json: read" "python3 failed"
