#!/bin/sh
# zhibu import members and the 人员类别 column (issue 19): labels (and the other names offices
# use) become codes; an unknown label is refused naming its row and nothing is written; a file
# without the column imports as before; a file made from the template before issue 19, whose
# dues column was headed 人员类别, still reads it as 党费类别 (said); an update lists the change;
# `zhibu list members` shows the code in its last column; verify stays 完整.
. "$(dirname "$0")/../lib.sh"
new_branch_db
AS="--as shuji --as-password-file $PW"
B=1101010001
cat_of() { sql "$DB" "select category || '|' || dues_category from member where name = '$1'"; }

# with the column
cat >"$T/with.csv" <<'CSV'
姓名,性别,出生日期,入党日期,转正日期,党费类别,人员类别
张工人,男,1970-01-01,1995-07-01,1996-07-01,在职,工人
李农民,女,1971-01-01,1995-07-01,1996-07-01,,农民
王退休,男,1950-01-01,1975-07-01,1976-07-01,离退休,离退休人员
赵未填,男,1972-01-01,1995-07-01,1996-07-01,,
CSV
run_zhibu import members --db "$DB" --branch $B $AS "$T/with.csv"
expect_rc "with 人员类别: imported" 0
expect_eq "with 人员类别: a label" "$(cat_of 张工人)" "worker|employed"
expect_eq "with 人员类别: another name offices use (农民)" "$(cat_of 李农民)" "farmer|farmer"
expect_eq "with 人员类别: 离退休人员" "$(cat_of 王退休)" "retired|retired"
expect_eq "with 人员类别: an empty cell is 未填" "$(cat_of 赵未填)" "|farmer"
run_zhibu list members --db "$DB" --branch $B --format csv
expect_contains "list members: the code in the last column" "$T/out" ",张工人,M,1970-01-01,,,,1995-07-01,1996-07-01,full,employed,,,0,,,worker"
run_zhibu verify --db "$DB"
expect_rc "verify after the import with 人员类别" 0

# an update of the category, and an unknown label refused with its row, nothing written
cat >"$T/update.csv" <<'CSV'
姓名,出生日期,人员类别
赵未填,1972-01-01,专业技术人员
CSV
run_zhibu import members --db "$DB" --branch $B $AS "$T/update.csv"
expect_rc "an update of 人员类别" 0
expect_contains "the update lists it" "$T/out" "第 2 行：更新 赵未填：人员类别 — → 专业技术人员"
expect_eq "the update written" "$(cat_of 赵未填)" "professional|farmer"
before=$(sql "$DB" "select count(*) || '/' || group_concat(category) from member")
cat >"$T/bad.csv" <<'CSV'
姓名,性别,出生日期,入党日期,转正日期,人员类别
钱一,男,1970-01-01,1995-07-01,1996-07-01,工人
孙二,男,1970-01-01,1995-07-01,1996-07-01,厨师
CSV
run_zhibu import members --db "$DB" --branch $B $AS "$T/bad.csv"
expect_rc "an unknown 人员类别: refused" 1
expect_contains "an unknown 人员类别: its row and the labels" "$T/out" "第 3 行：人员类别“厨师”无效（应为 工人、农牧渔民、专业技术人员、企事业单位管理人员、党政机关工作人员、学生、离退休人员、解放军武警、其他职业人员）"
expect_contains "an unknown 人员类别: nothing imported" "$T/err" "有 1 处问题，未导入任何内容"
expect_eq "an unknown 人员类别: the roster unchanged" "$(sql "$DB" "select count(*) || '/' || group_concat(category) from member")" "$before"

# without the column: as before
printf '姓名,性别,入党日期,转正日期\n周无列,女,2001-07-01,2002-07-01\n' >"$T/without.csv"
run_zhibu import members --db "$DB" --branch $B $AS "$T/without.csv"
expect_rc "without 人员类别: imported" 0
expect_contains "without 人员类别: as before" "$T/out" "第 2 行：新增 周无列（党费类别未填，按农民）"
expect_not_contains "without 人员类别: no note" "$T/out" "注意"
expect_eq "without 人员类别: 未填" "$(cat_of 周无列)" "|farmer"

# the template before issue 19: 人员类别 held the dues category
printf '姓名,性别,入党日期,转正日期,人员类别\n吴旧表,男,2001-07-01,2002-07-01,在职\n郑旧表,女,2001-07-01,2002-07-01,低保\n' >"$T/old.csv"
run_zhibu import members --db "$DB" --branch $B $AS "$T/old.csv"
expect_rc "the old template: imported" 0
expect_contains "the old template: said how the column was read" "$T/out" "“人员类别”列（E 列）填的是党费类别（在职、离退休、农民……），按党费类别导入"
expect_eq "the old template: the dues category" "$(cat_of 吴旧表) $(cat_of 郑旧表)" "|employed |lowincome"
run_zhibu verify --db "$DB"
expect_rc "verify after every import" 0
