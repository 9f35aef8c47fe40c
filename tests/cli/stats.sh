#!/bin/sh
# zhibu stats (党内统计): on the demo township, every figure of every branch and the total equal
# to counts made here with SQL of our own over the database (not the program's), for a past
# year (as of December 31) and the current one (as of today); the same figures as JSON and in
# the .xlsx read back with openpyxl; --branch; then what a user can get wrong.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo" 0
# a few facts the demo does not make: a deceased member who left on January 1, one without a
# birth date, one without 人员类别, one mobile with a record that ended last year
sql "$DB" "update member set leave_status = 'deceased', leave_date = '2026-01-01', leave_reason = '病故'
             where id = (select min(id) from member where leave_status = '' and join_date < '2020-01-01');
           update member set birth_date = '' where id = (select max(id) from member where leave_status = '');
           update member set category = '' where id = (select max(id) - 1 from member where leave_status = '');
           update member set ethnicity = '' where id = (select max(id) - 2 from member where leave_status = '');
           update member set leave_status = 'expelled', leave_date = '2026-11-01', leave_reason = '取消预备党员资格：考察不合格'
             where id = (select min(id) from member where status = 'probationary' and leave_status = '');
           insert into probation_decision(uuid, member_id, kind, date, reason, created_at, created_by, updated_at)
             select 'test-cancel', id, 'cancel', '2026-11-01', '考察不合格', '2026-11-01T08:00:00Z', 'test', '2026-11-01T08:00:00Z'
             from member where leave_reason like '取消预备党员资格%';"

# the independent counts: item -> SQL condition over r (the roster on day :d) or a (all members)
cat >"$T/check.py" <<'PY'
import csv, json, sqlite3, sys
db, year, d, csvf, jsonf = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
xlsxf = sys.argv[6] if len(sys.argv) > 6 else ""
y0 = year + "-01-01"
con = sqlite3.connect(db)
con.execute("""create temp view r as
  select m.*, b.code as code,
    cast(strftime('%Y', :d) as int) - cast(strftime('%Y', m.birth_date) as int)
      - (strftime('%m-%d', :d) < strftime('%m-%d', m.birth_date)) as age,
    case when mm.id is null then m.mobile
      else (mm.since = '' or mm.since <= :d) and (mm.ended_at is null or mm.ended_at > :d) end as mob
  from member m join branch b on b.id = m.branch_id left join member_mobile mm on mm.member_id = m.id
  where m.join_date <= :d and (m.leave_status = '' or m.leave_date > :d)""".replace(":d", "'%s'" % d))
con.execute("create temp view a as select m.*, b.code as code from member m join branch b on b.id = m.branch_id")
HAN = "('汉族','汉')"
roster = {
 "total": "1", "full": "full_date <> '' and full_date <= '%s'" % d,
 "probationary": "not (full_date <> '' and full_date <= '%s')" % d,
 "male": "gender = 'M'", "female": "gender = 'F'", "mobile": "mob",
 "han": "ethnicity in " + HAN, "minority": "ethnicity <> '' and ethnicity not in " + HAN,
 "ethnicity_unknown": "ethnicity = ''",
 "age_30": "birth_date <> '' and age <= 30", "age_31_35": "age between 31 and 35",
 "age_36_40": "age between 36 and 40", "age_41_45": "age between 41 and 45",
 "age_46_50": "age between 46 and 50", "age_51_55": "age between 51 and 55",
 "age_56_60": "age between 56 and 60", "age_61_70": "age between 61 and 70",
 "age_71": "age >= 71", "age_unknown": "birth_date = ''",
 "edu_unknown": "education = ''", "cat_unknown": "category = ''",
}
for e in "primary junior senior vocational college bachelor master doctor".split():
    roster["edu_" + e] = "education = '%s'" % e
for c in "worker farmer professional manager official student retired military other".split():
    roster["cat_" + c] = "category = '%s'" % c
everyone = {"admitted": "join_date between '%s' and '%s'" % (y0, d),
            "left": "leave_status <> '' and leave_date between '%s' and '%s'" % (y0, d)}
CANCEL = "exists (select 1 from probation_decision p where p.member_id = a.id and p.kind = 'cancel')"
for w in "transferred deceased expelled suspended".split():
    everyone["left_" + w] = "leave_status = '%s' and leave_date between '%s' and '%s'" % (w, y0, d) + \
        (" and not " + CANCEL if w == "expelled" else "")
everyone["left_cancelled"] = "leave_status = 'expelled' and %s and leave_date between '%s' and '%s'" % (CANCEL, y0, d)
want = {}
for items, view in ((roster, "r"), (everyone, "a")):
    for item, cond in items.items():
        for code, n in con.execute("select code, sum(%s) from %s group by code" % (cond, view)):
            if n: want[(code, item)] = n
        n = con.execute("select ifnull(sum(%s), 0) from %s" % (cond, view)).fetchone()[0]
        if n: want[("", item)] = n
for code, eth, n in con.execute("select code, ethnicity, count(*) from r where ethnicity <> ''"
                                " and ethnicity not in %s group by 1, 2" % HAN):
    want[(code, "ethnic_group", eth)] = n
for eth, n in con.execute("select ethnicity, count(*) from r where ethnicity <> '' and ethnicity"
                          " not in %s group by 1" % HAN):
    want[("", "ethnic_group", eth)] = n
wanted_codes = {r[0] for r in con.execute("select code from branch")}
problems = []
def compare(name, got):
    if got != want:
        diff = sorted(set(got.items()) ^ set(want.items()))[:6]
        problems.append("%s differs: %s" % (name, diff))
# CSV
got, asof = {}, set()
with open(csvf, encoding="utf-8") as f:
    for row in csv.DictReader(f):
        asof.add((row["year"], row["as_of"]))
        key = (row["branch_code"], row["item"]) if row["item"] != "ethnic_group" else \
              (row["branch_code"], "ethnic_group", row["label"])
        if int(row["count"]): got[key] = int(row["count"])
if asof != {(year, d)}: problems.append("csv: year/as_of %s" % asof)
compare("csv", got)
# JSON
j = json.load(open(jsonf, encoding="utf-8"))
got = {}
for b in j["branches"] + [dict(j["total"], code="")]:
    for k, n in b["counts"].items():
        if n: got[(b["code"], k)] = n
    for e in b["minorities"]:
        got[(b["code"], "ethnic_group", e["name"])] = e["count"]
if (str(j["year"]), j["as_of"]) != (year, d): problems.append("json: year/as_of")
if {b["code"] for b in j["branches"]} != wanted_codes: problems.append("json: branches")
compare("json", got)
# xlsx: one sheet per table, heading in row 2, the branches and 合计 below
if xlsxf:
    from openpyxl import load_workbook
    wb = load_workbook(xlsxf)
    if wb.sheetnames != ["基本情况", "民族", "年龄", "学历", "人员类别", "本年发展和减少"]:
        problems.append("xlsx sheets %s" % wb.sheetnames)
    label_to_key = {}
    for row in csv.DictReader(open(csvf, encoding="utf-8")):
        if row["item"] != "ethnic_group": label_to_key[(row["section"], row["label"])] = row["item"]
    got = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if not str(rows[0][0]).startswith(year + "年党内统计：" + ws.title):
            problems.append("xlsx title %s" % rows[0][0])
        if ws.print_title_rows != "$2:$2" or ws.page_setup.paperSize not in (9, "9"):
            problems.append("xlsx %s print setup %s %s" % (ws.title, ws.print_title_rows, ws.page_setup.paperSize))
        head = rows[1]
        for r in rows[2:]:
            code = r[0] or ""
            if not code and r[1] != "合计": problems.append("xlsx total row %s" % r[1])
            for c in range(2, len(head)):
                if head[c] == "少数民族构成":
                    for part in (r[c] or "").split("、"):
                        if part:
                            name, n = part.rsplit(" ", 1)
                            got[(code, "ethnic_group", name)] = int(n)
                elif r[c]:
                    got[(code, label_to_key[(ws.title, head[c])])] = int(r[c])
    compare("xlsx", got)
print("\n".join(problems) if problems else "same")
print("figures", len(want))
PY

for Y in 2025 2026; do
    [ $Y = 2026 ] && D=2026-11-21 || D=$Y-12-31
    run_zhibu stats --db "$DB" --year $Y --format csv
    expect_rc "$Y: csv to standard output" 0
    cp "$T/out" "$T/s$Y.csv"
    run_zhibu stats --db "$DB" --year $Y --format json --out "$T/s$Y.json"
    expect_rc "$Y: json to a file" 0
    run_zhibu stats --db "$DB" --year $Y --format xlsx --out "$T/s$Y.xlsx"
    expect_rc "$Y: xlsx" 0
    $PY "$T/check.py" "$DB" $Y $D "$T/s$Y.csv" "$T/s$Y.json" "$T/s$Y.xlsx" >"$T/cmp" 2>&1
    expect_eq "$Y: every figure of every branch and the total (csv, json, xlsx) equals the SQL counts" "$(head -n 1 "$T/cmp")" same
    expect_contains "$Y: the counts compared are many" "$T/cmp" "figures "
done
# the edges put in above, seen
expect_eq "left on 2026-01-01: not among 2025's leavers" "$(grep ',,合计,本年发展和减少,left_deceased,' "$T/s2025.csv" | cut -d, -f8)" \
    "$(sql "$DB" "select count(*) from member where leave_status = 'deceased' and leave_date like '2025-%'")"
expect_eq "left on 2026-01-01: on the 2025 roster (its branch's total)" \
    "$(grep ",$(sql "$DB" "select b.code from member m join branch b on b.id = m.branch_id where m.leave_date = '2026-01-01' and m.leave_status = 'deceased'"),.*,total," "$T/s2025.csv" | cut -d, -f8)" \
    "$(sql "$DB" "select count(*) from member m where m.branch_id = (select branch_id from member where leave_date = '2026-01-01' and leave_status = 'deceased') and m.join_date <= '2025-12-31' and (m.leave_status = '' or m.leave_date >= '2026-01-01')")"
expect_contains "left on 2026-01-01: a 2026 leaver" "$T/s2026.csv" ",,合计,本年发展和减少,left_deceased,其中：去世,1"
expect_contains "取消预备党员资格: its own line, not 出党" "$T/s2026.csv" ",,合计,本年发展和减少,left_cancelled,其中：取消预备党员资格,1"
expect_contains "取消预备党员资格: not 出党" "$T/s2026.csv" ",,合计,本年发展和减少,left_expelled,其中：出党,0"
expect_contains "a member without a birth date: 未填" "$T/s2026.csv" ",,合计,年龄,age_unknown,出生日期未填,1"
expect_contains "a member without 人员类别: 未填" "$T/s2026.csv" ",,合计,人员类别,cat_unknown,人员类别未填,1"
expect_eq "the 2026 total is the roster today" "$(grep ',,合计,基本情况,total,' "$T/s2026.csv" | cut -d, -f8)" "$(sql "$DB" "select count(*) from member where leave_status = ''")"

# one branch: its figures only, the total equal to them
CODE=$(sql "$DB" "select b.code from branch b where exists (select 1 from member m where m.branch_id = b.id) order by b.code limit 1")
run_zhibu stats --db "$DB" --year 2026 --branch "$CODE" --format csv
expect_rc "--branch" 0
expect_eq "--branch: one branch and the total" "$(cut -d, -f3 "$T/out" | sort -u | tr '\n' ' ')" " $CODE branch_code "
expect_eq "--branch: the branch's total" "$(grep ",$CODE,.*,total," "$T/out" | cut -d, -f8)" "$(grep ',,合计,基本情况,total,' "$T/out" | cut -d, -f8)"
expect_eq "--branch: equal to its line of the whole table" "$(grep ",$CODE," "$T/out")" "$(grep ",$CODE," "$T/s2026.csv")"

# bad input
usage() {
    name=$1 msg=$2
    shift 2
    run_zhibu stats "$@"
    expect_rc "$name: usage error" 2
    expect_contains "$name: said" "$T/err" "$msg"
}
usage "no --year" "缺少 --year" --db "$DB" --format csv
usage "a year that is not one" "--year 应是四位数的年度，如 2026，而不是“20x6”" --db "$DB" --year 20x6 --format csv
usage "a year out of range" "而不是“1899”" --db "$DB" --year 1899 --format csv
usage "a future year" "不能统计未来的年度 2027（今年是 2026 年）" --db "$DB" --year 2027 --format csv
usage "no --format" "缺少 --format" --db "$DB" --year 2026
usage "a bad format" "--format 应是 csv、json 或 xlsx，而不是“xml”" --db "$DB" --year 2026 --format xml
usage "xlsx without --out" "--format xlsx 须给出 --out" --db "$DB" --year 2026 --format xlsx
usage "an unknown option" "未知选项 --month" --db "$DB" --year 2026 --format csv --month 2026-10
run_zhibu stats --db "$DB" --year 2026 --branch 9999999 --format csv
expect_rc "an unknown branch: refused" 1
expect_contains "an unknown branch: said" "$T/err" "没有组织代码为 9999999 的支部"
expect_eq "an unknown branch: nothing on standard output" "$(wc -c <"$T/out")" 0
run_zhibu stats --db "$DB" --year 2026 --format xlsx --out "$T/s2026.xlsx"
expect_rc "an existing file: refused" 1
expect_contains "an existing file: said" "$T/err" "已存在"
run_zhibu stats --db "$DB" --year 2026 --format xlsx --out "$T/s2026.xlsx" --force
expect_rc "--force overwrites" 0
run_zhibu stats --db "$DB" --year 2026 --format csv --out "$T/nodir/s.csv"
expect_rc "an unwritable path: refused" 1
expect_eq "an unwritable path: nothing left behind" "$(ls "$T" | grep -c nodir)" 0
run_zhibu stats --db "$T/missing.db" --year 2026 --format csv
expect_rc "a missing database: refused" 1
run_zhibu stats --help
expect_contains "--help: the age bands" "$T/out" "30岁及以下、31至35岁"
