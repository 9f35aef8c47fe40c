#!/bin/sh
# zhibu export members: the roster as people print it. The workbook is read back with openpyxl
# and compared, member by member, with `zhibu list members --format csv` (which keeps the codes
# for scripts): every code became its Chinese label, dates stay YYYY-MM-DD, the title names
# the branch and the date, A4 landscape, every cell of the table bordered; --all adds those who
# left with 离开情况 / 离开日期; the CSV has a BOM and Chinese headings. Bad input: unknown
# branch, an existing file without --force, a directory that does not exist, a wrong extension.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo made" 0
# the branch with the long minority name
code=$(sql "$DB" "select b.code from member m join branch b on b.id=m.branch_id where m.name='阿依古丽·买买提'")
bname=$(sql "$DB" "select name from branch where code='$code'")

run_zhibu list members --db "$DB" --branch "$code" --format csv
cp "$T/out" "$T/codes.csv"

run_zhibu export members --db "$DB" --branch "$code" --out "$T/名册.xlsx"
expect_rc "export members .xlsx" 0
expect_eq "the file is 0600" "$(stat -c %a "$T/名册.xlsx")" 600
run_zhibu export members --db "$DB" --branch "$code" --all --out "$T/全部.xlsx"
expect_rc "export members --all .xlsx" 0
run_zhibu export members --db "$DB" --branch "$code" --all --out "$T/全部.csv"
expect_rc "export members --all .csv" 0

/usr/bin/python3 - "$T" "$bname" <<'PY' || fail "read back" "python3 failed"
import csv, sys, warnings
warnings.simplefilter("ignore")
import openpyxl
T, bname = sys.argv[1], sys.argv[2]
def ok(n): print("ok export_members: " + n)
def fail(n, why): print("FAIL export_members: %s: %s" % (n, why))
def check(n, cond, why=""):
    ok(n) if cond else fail(n, why)

GENDER = {"M": "男", "F": "女"}
STATUS = {"full": "正式党员", "probationary": "预备党员"}
CATEGORY = {"employed": "在职", "retired": "离退休", "farmer": "农民", "student": "学生",
            "unemployed": "下岗失业", "lowincome": "低保"}
EDU = {"primary": "小学", "junior": "初中", "senior": "高中", "vocational": "中专",
       "college": "大专", "bachelor": "本科", "master": "硕士", "doctor": "博士"}
OFFICE = {"": "", "secretary": "书记", "deputy": "副书记", "organization": "组织委员",
          "publicity": "宣传委员", "discipline": "纪检委员", "committee": "委员"}
LEAVE = {"transferred": "转出", "deceased": "去世", "expelled": "出党", "suspended": "停止党籍"}
HEAD = ["序号", "姓名", "性别", "出生日期", "民族", "学历", "入党日期", "转正日期", "党籍",
        "党小组", "职务", "党费类别", "流动党员", "联系电话"]
codes = list(csv.DictReader(open(T + "/codes.csv", encoding="utf-8")))
on_roster = [r for r in codes if not r["leave_status"]]
left = [r for r in codes if r["leave_status"]]

def expected(r, n, with_left):
    row = [n, r["name"], GENDER.get(r["gender"], r["gender"]), r["birth_date"], r["ethnicity"],
           EDU.get(r["education"], r["education"]), r["join_date"], r["full_date"],
           STATUS[r["status"]], r["group"], OFFICE[r["office"]], CATEGORY[r["dues_category"]],
           "是" if r["mobile"] == "1" else "否", r["phone"]]
    if with_left:
        row += [LEAVE.get(r["leave_status"], r["leave_status"]) if r["leave_status"] else "",
                r["leave_date"]]
    return row

def rows_of(ws):
    return [[("" if v is None else v) for v in row] for row in ws.iter_rows(values_only=True)]

for fname, with_left in (("名册.xlsx", False), ("全部.xlsx", True)):
    wb = openpyxl.load_workbook(T + "/" + fname)
    ws = wb.worksheets[0]
    rows = rows_of(ws)
    tag = "--all " if with_left else ""
    check(tag + "sheet 党员名册", ws.title == "党员名册", ws.title)
    title = str(rows[0][0])
    check(tag + "title row: branch and date", bname in title and "党员名册" in title and "2026年11月21日" in title, title)
    head = HEAD + (["离开情况", "离开日期"] if with_left else [])
    check(tag + "Chinese headings", rows[1] == head, rows[1])
    want = [r for r in on_roster] + ([r for r in left] if with_left else [])
    body = rows[2:]
    check(tag + "one row per member", len(body) == len(want), "%d rows, %d members" % (len(body), len(want)))
    # the export keeps the roster's order; compare as sets of rows without the serial number
    got = sorted(tuple(str(x) for x in r[1:]) for r in body[:len(on_roster)])
    exp = sorted(tuple(str(x) for x in expected(r, 0, with_left)[1:]) for r in on_roster)
    check(tag + "every member's labels match the codes of list members", got == exp,
          [g for g in got if g not in exp][:2])
    if with_left:
        got = sorted(tuple(str(x) for x in r[1:]) for r in body[len(on_roster):])
        exp = sorted(tuple(str(x) for x in expected(r, 0, True)[1:]) for r in left)
        check("--all: the left members after those on the roster, with 离开情况 and 离开日期",
              got == exp and len(left) > 0, (got[:1], exp[:1]))
    check(tag + "serial numbers 1..N", [r[0] for r in body] == list(range(1, len(body) + 1)), [r[0] for r in body][:5])
    allcodes = set(GENDER) | set(STATUS) | set(CATEGORY) | set(EDU) | set(OFFICE) - {""} | set(LEAVE)
    found = [v for r in body for v in r[2:] if isinstance(v, str) and v in allcodes]
    check(tag + "no code in any cell", not found, found[:5])
    check(tag + "流动党员 is 是/否", {r[12] for r in body} <= {"是", "否"}, {r[12] for r in body})
    check(tag + "A4 landscape", ws.page_setup.paperSize in (9, "9") and ws.page_setup.orientation == "landscape",
          (ws.page_setup.paperSize, ws.page_setup.orientation))
    check(tag + "the heading row repeats on every page", ws.print_title_rows == "$2:$2", ws.print_title_rows)
    unb = [c.coordinate for row in ws.iter_rows(min_row=2) for c in row if not c.border.left.style]
    check(tag + "every cell of the table bordered", not unb, unb[:5])
    long = [r for r in body if r[1] == "阿依古丽·买买提"]
    check(tag + "the long minority name whole", len(long) == 1, len(long))

raw = open(T + "/全部.csv", "rb").read()
check("csv: UTF-8 with a BOM", raw.startswith(b"\xef\xbb\xbf"), raw[:8])
crows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
check("csv: Chinese headings", crows[0] == HEAD + ["离开情况", "离开日期"], crows[0])
check("csv: one row per member", len(crows) - 1 == len(codes), "%d vs %d" % (len(crows) - 1, len(codes)))
check("csv: labels, not codes", all(r[2] in ("男", "女") and r[8] in ("正式党员", "预备党员") for r in crows[1:]),
      crows[1])
PY

# bad input
run_zhibu export members --db "$DB" --branch 9999999999 --out "$T/x.xlsx"
expect_rc "unknown branch: exit 1" 1
expect_contains "unknown branch: says so" "$T/err" "没有组织代码为 9999999999 的支部"
[ -e "$T/x.xlsx" ] && fail "unknown branch: no file" "written" || ok "unknown branch: no file"
cp "$T/名册.xlsx" "$T/before.xlsx"
run_zhibu export members --db "$DB" --branch "$code" --all --out "$T/名册.xlsx"
expect_rc "existing file without --force: exit 1" 1
expect_contains "existing file without --force: says so" "$T/err" "已存在，不会覆盖（要覆盖请加 --force）"
cmp -s "$T/名册.xlsx" "$T/before.xlsx" && ok "existing file without --force: untouched" ||
    fail "existing file without --force: untouched" "changed"
run_zhibu export members --db "$DB" --branch "$code" --all --out "$T/名册.xlsx" --force
expect_rc "existing file with --force: written" 0
cmp -s "$T/名册.xlsx" "$T/before.xlsx" && fail "--force: the file replaced" "unchanged" || ok "--force: the file replaced"
run_zhibu export members --db "$DB" --branch "$code" --out "$T/没有这个目录/x.xlsx"
expect_rc "a directory that does not exist: exit 1" 1
expect_contains "a directory that does not exist: says so" "$T/err" "目录不存在"
echo file >"$T/plain"
run_zhibu export members --db "$DB" --branch "$code" --out "$T/plain/x.csv"
expect_rc "a path through a file: exit 1" 1
expect_contains "a path through a file: says so" "$T/err" "路径中有一段不是目录"
ls "$T" | grep -q '\.tmp$' && fail "failures leave no .tmp file" "$(ls "$T")" || ok "failures leave no .tmp file"
run_zhibu export members --db "$DB" --branch "$code" --out "$T/x.json"
expect_rc "a .json name: usage error" 2
expect_contains "a .json name: says which endings" "$T/err" "--out 应以 .xlsx 或 .csv 结尾"
run_zhibu export members --db "$DB" --branch "$code" --month 2026-11 --out "$T/y.csv"
expect_rc "--month with members: usage error" 2
run_zhibu export meetings --db "$DB" --branch "$code" --all --out "$T/y.csv"
expect_rc "--all with meetings: usage error" 2
expect_contains "--all with meetings: says so" "$T/err" "--all 只适用于 export members"
run_zhibu export --help
expect_contains "export --help documents members" "$T/out" "== export members =="
run_zhibu --help
expect_contains "zhibu --help names export members" "$T/out" "export members --db PATH --branch CODE [--all]"
