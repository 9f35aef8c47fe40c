#!/bin/sh
# The township table at 45 branches (zhibu demo --branches 45, reviewing 2026-10): jump to a
# branch by typing part of its name or its code; the 提交 column (the hand-in's date or 未提交);
# the previous month's score beside this month's; 整改 counting orders reported done and
# awaiting confirmation as well as open ones; names cut with "…" and given in full on the status
# line; every column at 80x24 and at 120x30.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB" --branches 45
expect_rc "demo database with 45 branches" 0
expect_eq "45 branches" "$(sql "$DB" "select count(*) from branch where parent_id is not null")" 45
id_of() { sql "$DB" "select id from branch where name='$1'"; }
HEADER="支部          三会 党日 记录 党员 党费 设岗 得分 上月 意见   提交   整改    标记"

# The secretary of the first branch hands October in (a note for each failed item; the keys
# left over after the hand-in fall on the page and do nothing).
login_demo shuji
SEC=$(sql "$DB" "select branch_id from app_user where login='shuji'")
run_script handin 80x24 <<'KEYS'
5
上<Enter>
<F2>
情况说明<Enter>情况说明<Enter>情况说明<Enter>情况说明<Enter>情况说明<Enter>情况说明<Enter>情况说明<Enter>
<Enter>
KEYS
expect_eq "handed in" "$(sql "$DB" "select month||' '||substr(handed_at,1,10) from handin where branch_id=$SEC")" "2026-10 2026-11-21"

# Two orders of 红旗村 (open; reported done) and one of 柳林村 (reported done), as the
# rectification screen leaves them.
HQ=$(id_of 红旗村党支部); LL=$(id_of 柳林村党支部)
order() {
    sql "$DB" "insert into rectification(uuid, branch_id, month, item, order_text, deadline, status,
        done_note, created_at, created_by, updated_at) values ('t-$1-$2', $1, '2026-10', '$2',
        '限期整改', '2026-12-21', '$3', '', '2026-11-21T00:00:00Z', 'shencha', '2026-11-21T00:00:00Z')"
}
order "$HQ" dues open
order "$HQ" posts done
order "$LL" dues done

login_demo shencha
run_script table 80x24 <<'KEYS'
5
<Home><Enter>
:dump table.txt
太平
:dump typing.txt
<Enter>
:dump typed.txt
/
:dump again.txt
<C-u>1101010040<Enter>
<Enter>
:dump bycode.txt
<Esc>
/<C-u>没有这个支部<Enter>
:dump nomatch.txt
<F4>/<C-u>太平<Enter>
:dump hidden.txt
<F4><F3><C-u>2026-09<Enter>
<Home>
:dump september.txt
KEYS
expect_contains "the columns at 80x24" "$T/table.txt" "$HEADER"
expect_fits "the table fits 80x24" "$T/table.txt" 80 24
expect_contains "the key bar offers the search" "$T/table.txt" "/查找"
row() { grep -m1 "^$1" "$2"; }
# the secretary's branch has the first code: the first row
expect_eq "the hand-in's row shows its date" "$(sed -n 4p "$T/table.txt" | grep -c ' 11-21')" 1
expect_eq "a branch that did not hand in" "$(row 红旗村党支部 "$T/table.txt" | grep -c ' 未提交')" 1
expect_eq "open and done orders" "$(row 红旗村党支部 "$T/table.txt" | grep -c ' 中1待1')" 1
expect_eq "an order reported done counts" "$(row 柳林村党支部 "$T/table.txt" | grep -c ' 待确认1')" 1
expect_contains "a long name is cut with …" "$T/table.txt" "太平农业发展…"
expect_contains "typing starts the search with what was typed" "$T/typing.txt" "│ 太平"
expect_contains "the branch found is selected: its name in full below" "$T/typed.txt" "支部：太平农业发展有限公司党支部"
expect_contains "/ asks again with the last text" "$T/again.txt" "│ 太平"
CODE40=$(sql "$DB" "select name from branch where code='1101010040'")
expect_contains "found by its code and opened" "$T/bycode.txt" "$CODE40 2026年10月审查"
expect_contains "no such branch" "$T/nomatch.txt" "没有名称或组织代码含“没有这个支部”的支部"
# with only the branches with problems: found when it has problems, named as left out when not
TPCODE=$(sql "$DB" "select code from branch where name='太平农业发展有限公司党支部'")
TPSTATE=$("$ZHIBU" audit --db "$DB" --month 2026-10 --branch "$TPCODE" --format csv | awk -F, 'NR == 2 {print $NF}')
if [ "$TPSTATE" = pass ]; then
    expect_contains "the filter leaves out a branch without problems, and says so" "$T/hidden.txt" \
        "含“太平”的支部没有未达标项目，未列出（按 F4 看全部支部）"
else
    expect_contains "the filter keeps it when it has problems" "$T/hidden.txt" "支部：太平农业发展有限公司党支部"
fi
# the previous month's score is September's score
PREV=$(row 红旗村党支部 "$T/table.txt" | awk '{print $9}')
SEPT=$(row 红旗村党支部 "$T/september.txt" | awk '{print $8}')
expect_eq "上月 is the previous month's 得分" "$PREV" "$SEPT"
expect_contains "September's table" "$T/september.txt" "2026年9月 月审：45 个支部"

run_script wide 120x30 <<'KEYS'
5
<Home><Enter>
:dump wide.txt
KEYS
expect_fits "the table fits 120x30" "$T/wide.txt" 120 30
expect_contains "wider: the names in full" "$T/wide.txt" "太平农业发展有限公司党支部"
expect_contains "wider: every column" "$T/wide.txt" "得分 上月 意见   提交   整改"
