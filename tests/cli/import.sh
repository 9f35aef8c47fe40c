#!/bin/sh
# zhibu import members|template (issue 15): the template round-trips; a 300-row .xlsx made by
# openpyxl; a GBK .csv; every date form; each bad row class listed by the dry run with its row;
# all or nothing; twice = no change; bad files told in Chinese. After every import verify is 完整.
. "$(dirname "$0")/../lib.sh"
new_branch_db
AS="--as shuji --as-password-file $PW"
B=1101010001
members() { sql "$DB" 'select count(*) from member'; }
# what an import writes (a login through --as writes its own journal entry, not the roster's)
state() { sql "$DB" "select count(*) from history where table_name in ('member', 'party_group')"; sql "$DB" 'select * from member order by id'; sql "$DB" 'select * from party_group order by id'; }
verify_ok() {
    run_zhibu verify --db "$DB"
    expect_rc "verify after $1" 0
}

# ---- the template ----
run_zhibu import template --out "$T/党员名册模板.xlsx"
expect_rc "template written" 0
expect_contains "template: says what it wrote" "$T/out" "已写入导入模板 $T/党员名册模板.xlsx（工作表“党员名册”和“填写说明”）"
run_zhibu import template --out "$T/党员名册模板.xlsx"
expect_rc "template: an existing file is not replaced" 1
expect_contains "template: why" "$T/err" "已存在，不会覆盖（要覆盖请加 --force）"
run_zhibu import template --out "$T/党员名册模板.xlsx" --force
expect_rc "template: --force replaces it" 0
/usr/bin/python3 - "$T/党员名册模板.xlsx" >"$T/tpl.txt" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets", wb.sheetnames)
ws = wb["党员名册"]
print("header", [c.value for c in ws[1]])
print("sample", ws["A2"].value, ws["C2"].value.date() if hasattr(ws["C2"].value, "date") else ws["C2"].value, ws["C2"].number_format)
h = wb["填写说明"]
for row in h.iter_rows(min_row=2, max_row=16, values_only=True):
    print("help", row[0], row[1], row[2])
PY
expect_contains "template: two sheets" "$T/tpl.txt" "sheets ['党员名册', '填写说明']"
expect_contains "template: the Chinese headers" "$T/tpl.txt" "header ['姓名', '性别', '出生日期', '民族', '学历', '联系电话', '入党日期', '转正日期', '党籍状态', '党小组', '职务', '党费类别', '人员类别', '流动党员', '备注']"
expect_contains "template: the sample's date is an Excel date" "$T/tpl.txt" "sample 张卫东 1975-03-02 yyyy-mm-dd"
expect_contains "template: the allowed values" "$T/tpl.txt" "help 党费类别 可不填 在职、离退休、农民、学生、下岗失业、低保"
expect_contains "template: 人员类别 (党内统计) and its values" "$T/tpl.txt" "help 人员类别 可不填 工人、农牧渔民、专业技术人员"
expect_contains "template: what is required" "$T/tpl.txt" "help 姓名 必填"

run_zhibu import members --db "$DB" --branch $B $AS "$T/党员名册模板.xlsx"
expect_rc "template: its group does not exist yet" 1
expect_contains "template: the group is named with how to make it" "$T/out" "支部还没有的党小组：第一党小组（加 --create-groups 在导入时新建）"
expect_contains "template: nothing imported" "$T/err" "zhibu import: 有 1 处问题，未导入任何内容"
run_zhibu import members --db "$DB" --branch $B $AS --create-groups "$T/党员名册模板.xlsx"
expect_rc "template: imported with --create-groups" 0
expect_contains "template: the row and the new group" "$T/out" "第 2 行：新增 张卫东（新建党小组 第一党小组）"
run_zhibu list members --db "$DB" --branch $B --format csv
expect_contains "template: the sample row read back" "$T/out" "1101010001,张卫东,M,1975-03-02,汉族,senior,13812345678,2001-07-01,2002-07-01,full,farmer,,第一党小组,0,,,farmer"
verify_ok "the template's import"

# ---- 300 rows from openpyxl ----
/usr/bin/python3 - "$T/300.xlsx" <<'PY'
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "名册"
ws.append(["序号", "姓  名", "性别", "出生日期", "民族", "文化程度", "联系电话", "入党日期", "转正日期", "党小组", "职务", "人员类别", "流动党员", "备注"])
digits = "零一二三四五六七八九"
for i in range(300):
    name = "党员" + "".join(digits[int(c)] for c in "%03d" % i)
    birth = datetime.date(1950 + i % 40, 1 + i % 12, 1 + i % 28)
    # every tenth a probationary member, admitted this year (no 转正日期 yet)
    join = datetime.date(birth.year + 20, 7, 1) if i % 10 else datetime.date(2026, 3, 1)
    full = datetime.date(birth.year + 21, 7, 1) if i % 10 else None
    ws.append([i + 1, name, "男" if i % 2 else "女", birth, "汉族", "高中", 13800000000 + i, join, full,
               "第一党小组" if i % 3 else "第二党小组", "", "农民" if i % 4 else "离退休", "是" if i == 7 else "否", ""])
wb.save(sys.argv[1])
PY
before=$(members)
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/300.xlsx"
expect_rc "300 rows: the dry run finds the second group missing" 1
expect_contains "300 rows: read from the sheet" "$T/out" "读取 $T/300.xlsx：工作表“名册”，表头在第 1 行"
expect_contains "300 rows: a number column is said to be left out" "$T/out" "注意：“序号”列（A 列）不导入：本程序不记录党员编号，已有党员按姓名和出生日期对应"
expect_contains "300 rows: dry run says nothing was written" "$T/out" "试运行：未写入任何内容"
expect_eq "300 rows: the dry run wrote nothing" "$(members)" "$before"
run_zhibu import members --db "$DB" --branch $B --dry-run --create-groups "$T/300.xlsx"
expect_rc "300 rows: dry run with --create-groups" 0
expect_contains "300 rows: every row new" "$T/out" "共 300 行：新增 300，更新 0，无变化 0；问题 0 处"
expect_contains "300 rows: the group to be made" "$T/out" "将新建党小组：第二党小组"
expect_contains "300 rows: a probationary member (no 转正日期)" "$T/out" "第 2 行：新增 党员零零零"
run_zhibu import members --db "$DB" --branch $B $AS --create-groups "$T/300.xlsx"
expect_rc "300 rows imported" 0
expect_contains "300 rows: the totals" "$T/out" "已导入 1101010001 红旗村党支部：新增 300，更新 0，无变化 0"
expect_eq "300 rows: in the database" "$(members)" $((before + 300))
expect_eq "300 rows: dates from Excel date cells" "$(sql "$DB" "select birth_date || ' ' || join_date || ' ' || full_date || ' ' || phone || ' ' || status || ' ' || mobile from member where name = '党员零零七'")" "1957-08-08 1977-07-01 1978-07-01 13800000007 full 1"
expect_eq "300 rows: no 转正日期 → 预备党员" "$(sql "$DB" "select status from member where name = '党员零一零'")" "probationary"
verify_ok "300 rows"
run_zhibu import members --db "$DB" --branch $B $AS --create-groups "$T/300.xlsx"
expect_rc "300 rows twice" 0
expect_contains "300 rows twice: no change" "$T/out" "新增 0，更新 0，无变化 300"
expect_eq "300 rows twice: nobody added" "$(members)" $((before + 300))
# one phone and one group changed: the dry run names the fields
/usr/bin/python3 - "$T/300.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
ws["G12"] = "13900000000"
ws["J12"] = "第二党小组"
ws["M12"] = None
wb.save(sys.argv[1])
PY
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/300.xlsx"
expect_contains "a changed row: what would change" "$T/out" "第 12 行：更新 党员零一零：联系电话 13800000010 → 13900000000；党小组 第一党小组 → 第二党小组"
expect_contains "an emptied cell changes nothing" "$T/out" "共 300 行：新增 0，更新 1，无变化 299；问题 0 处"
# all or nothing: one impossible date among 300 rows
/usr/bin/python3 - "$T/300.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb.active["D200"] = "1975.2.30"
wb.save(sys.argv[1])
PY
state >"$T/state.before"
run_zhibu import members --db "$DB" --branch $B $AS "$T/300.xlsx"
expect_rc "one bad row of 300: refused" 1
expect_contains "one bad row of 300: the row" "$T/out" "第 200 行：出生日期“1975.2.30”有误：1975年2月没有30日"
state >"$T/state.after"
expect_eq "one bad row of 300: nothing written (row 12's change neither)" "$(cmp -s "$T/state.before" "$T/state.after" && echo same)" same

# ---- every date form, in a GBK CSV ----
/usr/bin/python3 - "$T/gbk.csv" <<'PY'
import sys
rows = [["姓名", "性别", "出生日期", "入党日期", "转正日期", "人员类别", "党小组", "党籍状态"],
        ["日期甲", "男", "1975-03-02", "1998-7-1", "1999/07/01", "农民", "第一党小组", ""],
        ["日期乙", "女", "1975/3/2", "1998.7.1", "1999年7月1日", "在职", "", ""],
        ["日期丙", "男", "1975.3.2", "19980701", "1999-07-01 00:00:00", "学生", "", ""],
        ["日期丁", "女", "1975年3月2日", "1998 年 7 月 1 日", "１９９９－０７－０１", "低保", "", ""],
        ["日期戊，“引号”", "男", "19750302", "1998-07-01", "", "下岗失业", "", "预备党员"]]
def q(v):
    return '"' + v.replace('"', '""') + '"' if ("," in v or '"' in v or "，" in v) else v
with open(sys.argv[1], "wb") as f:
    f.write("\r\n".join(",".join(q(v) for v in r) for r in rows).encode("gbk") + b"\r\n")
PY
run_zhibu import members --db "$DB" --branch $B $AS "$T/gbk.csv"
expect_rc "GBK CSV imported" 0
expect_contains "GBK CSV: detected" "$T/out" "读取 $T/gbk.csv：GBK 编码的 CSV 文件，表头在第 1 行"
expect_eq "every date form read as the same day" "$(sql "$DB" "select count(*) from member where birth_date = '1975-03-02' and join_date = '1998-07-01' and name like '日期%'")" 5
expect_eq "full dates in every form" "$(sql "$DB" "select count(*) from member where full_date = '1999-07-01' and name like '日期%'")" 4
expect_eq "a quoted name with a comma" "$(sql "$DB" "select count(*) from member where name = '日期戊，“引号”'")" 1
verify_ok "the GBK CSV"
run_zhibu import members --db "$DB" --branch $B --dry-run --encoding utf-8 "$T/gbk.csv"
expect_rc "GBK read as UTF-8: refused" 1
expect_contains "GBK read as UTF-8: why" "$T/err" "不是有效的 UTF-8 文本（第 1 行）；如是 GBK 编码，请指定 GBK"
run_zhibu import members --db "$DB" --branch $B --dry-run --encoding gbk "$T/gbk.csv"
expect_contains "--encoding gbk, and twice = no change" "$T/out" "共 5 行：新增 0，更新 0，无变化 5；问题 0 处"
printf '\357\273\277姓名,性别,入党日期\n带BOM,女,2026-07-01\n' >"$T/bom.csv"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/bom.csv"
expect_contains "UTF-8 with a BOM" "$T/out" "第 2 行：新增 带BOM（党费类别未填，按农民）"

# a file wider than the reader takes: what lies right of it is said to be left out, not dropped
/usr/bin/python3 - "$T/wide.csv" <<'PY'
import sys
head = ["姓名", "性别", "入党日期"] + [""] * 254 + ["备用"]
row = ["宽表", "女", "2026-07-01"] + [""] * 254 + ["最右边"]
open(sys.argv[1], "w", encoding="utf-8").write(",".join(head) + "\n" + ",".join(row) + "\n")
PY
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/wide.csv"
expect_contains "a file wider than 256 columns: said" "$T/out" "注意：IW 列及更右边的内容没有读取（最多读 256 列）"
expect_contains "a file wider than 256 columns: its rows still read" "$T/out" "第 2 行：新增 宽表"

# ---- each bad row class ----
cat >"$T/bad.csv" <<'CSV'
姓名,性别,出生日期,入党日期,转正日期,党小组,职务,党费类别
,男,1970-01-01,1995-07-01,1996-07-01,,,
赵一,男,1970-01-01,1995-07-01,1996-07-01,第九小组,,
钱二,男,1975-02-30,1995-07-01,1996-07-01,,,
孙三,男,1970-01-01,2000-07-01,1999-07-01,,,
李四,公,1970-01-01,1995-07-01,1996-07-01,,,
周五,男,1970-01-01,1995-07-01,1996-07-01,,主任,
吴六,男,1970-01-01,1995-07-01,1996-07-01,,,工人
郑七,男,1970-01-01,1995-07-01,1996-07-01,,,
郑七,男,1970-01-01,1995-07-01,1996-07-01,,,
王八,男,1990-01-01,2000-07-01,2001-07-01,,,
冯九,男,1970-01-01,2026-07-01,,,书记,
陈零,男,1970-01-01,2010-07-01,,,,
陈十,,1970-01-01,,,,,
党员零一零,女,1960-11-11,1980-07-01,1981-07-01,,,
CSV
state >"$T/state.before"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/bad.csv"
expect_rc "bad rows: the dry run fails" 1
expect_file_eq "bad rows: every class listed with its row" "$T/out" <<EOF
读取 $T/bad.csv：UTF-8 编码的 CSV 文件，表头在第 1 行
第 2 行：姓名为空
第 3 行：党小组“第九小组”不存在
第 4 行：出生日期“1975-02-30”有误：1975年2月没有30日
第 5 行：转正日期 1999-07-01 早于入党日期 2000-07-01
第 6 行：性别“公”无效（应为 男 或 女）
第 7 行：职务“主任”无效（应为 无、书记、副书记、组织委员、宣传委员、纪检委员、委员）
第 8 行：党费类别“工人”无效（应为 在职、离退休、农民、学生、下岗失业、低保）
第 9 行：新增 郑七（党费类别未填，按农民）
第 10 行：与第 9 行重复（姓名、出生日期相同）
第 11 行：入党日期：入党时须年满18岁
第 12 行：职务：预备党员没有表决权、选举权和被选举权，不能担任支委职务
第 13 行：转正日期未填：入党日期 2010-07-01 至今已超过 12 个月的预备期，已转正的请填转正日期；仍是预备党员（延长预备期）的请在“党籍状态”列填“预备党员”
第 14 行：性别未填（应为 男 或 女）
第 14 行：入党日期未填
第 15 行：党员零一零 在名册中是预备党员：转正须经支部党员大会讨论决定，请在党员名册中按 z 登记，不能由导入改为正式党员
共 14 行：新增 1，更新 0，无变化 0；问题 14 处
支部还没有的党小组：第九小组（加 --create-groups 在导入时新建）
试运行：未写入任何内容
EOF
run_zhibu import members --db "$DB" --branch $B $AS "$T/bad.csv"
expect_rc "bad rows: the import refuses" 1
expect_contains "bad rows: nothing imported" "$T/err" "zhibu import: 有 14 处问题，未导入任何内容"
state >"$T/state.after"
expect_eq "bad rows: the database unchanged" "$(cmp -s "$T/state.before" "$T/state.after" && echo same)" same

# ---- who may import ----
run_zhibu import members --db "$DB" --branch $B "$T/bom.csv"
expect_rc "accounts: --as needed" 2
expect_contains "accounts: why" "$T/err" "数据库已有账号：请用 --as 指定导入的支部书记账号"
run_zhibu import members --db "$DB" --branch $B --as admin --as-password-file "$PW" "$T/bom.csv"
expect_rc "the administrator does not write the ledger" 1
expect_not_contains "the administrator: nothing planned" "$T/out" "新增"

# ---- bad files ----
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/没有.xlsx"
expect_rc "missing file" 1
expect_eq "missing file: why" "$(cat "$T/err")" "zhibu import: 找不到文件 $T/没有.xlsx"
: >"$T/empty.csv"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/empty.csv"
expect_eq "empty file" "$(cat "$T/err")" "zhibu import: 文件 $T/empty.csv 是空的"
printf '姓名,性别\n' >"$T/notzip.xlsx"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/notzip.xlsx"
expect_eq "not a zip" "$(cat "$T/err")" "zhibu import: 文件 $T/notzip.xlsx 不是有效的 .xlsx 文件（不是 zip 格式，或已损坏）"
/usr/bin/python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('readme.txt','hello'); z.close()" "$T/nosheet.xlsx"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/nosheet.xlsx"
expect_eq "a zip without a sheet" "$(cat "$T/err")" "zhibu import: 文件 $T/nosheet.xlsx 中没有工作簿：不是 Excel 的 .xlsx 文件"
printf 'hello' | head -c 5 >"$T/old.xls"; printf '\320\317\021\340\241\261\032\341' >"$T/old.xls"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/old.xls"
expect_eq "an old .xls" "$(cat "$T/err")" "zhibu import: 文件 $T/old.xls 是旧版 Excel 文件（.xls）：请在 Excel 中“另存为” .xlsx 后再导入"
printf '名字,性别\n张三,男\n' >"$T/noname.csv"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/noname.csv"
expect_rc "a header without 姓名" 1
expect_contains "a header without 姓名: why" "$T/out" "表格中找不到“姓名”列：第一行应为表头（姓名、性别、出生日期、入党日期……），可先生成模板对照"
printf '姓名,性别\n' >"$T/headonly.csv"
run_zhibu import members --db "$DB" --branch $B --dry-run "$T/headonly.csv"
expect_contains "only a header" "$T/out" "表格中只有表头，没有党员"
run_zhibu import members --db "$DB" --branch $B --dry-run --sheet 第二页 "$T/300.xlsx"
expect_eq "an unknown sheet" "$(cat "$T/err")" "zhibu import: 文件 $T/300.xlsx 中没有名为“第二页”的工作表（有：名册）"
run_zhibu import members --db "$DB" --branch 9999 --dry-run "$T/bom.csv"
expect_rc "an unknown branch" 2
run_zhibu import members --db "$DB" --branch $B --encoding big5 "$T/bom.csv"
expect_rc "an unknown encoding" 2
verify_ok "everything"
