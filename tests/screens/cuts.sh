#!/bin/sh
# Nothing is cut without a mark (issue 13): text too long for its place ends in …, and the
# selected row's cut cells are shown whole on the status line. At 80x24 on the demo township:
# the township's review table (前进建材有限公司党支部), the dues grid (阿依古丽·买买提), a post's
# holders (卸任 and its date), the meeting form's live line (缺：…).
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0

# The township's table: the long branch name cut with …, whole on the status line when selected.
login_demo shencha
run_script township 80x24 <<'KEYS'
5
<Home><Enter>
:dump table.txt
<Down><Down><Down><Down><Down>
:dump selected.txt
<Down>
:dump next.txt
KEYS
expect_rc "the review table opens" 0
expect_file_eq "the township's table at 80x24: the long name cut with …" "$T/table.txt" <<'SCREEN'
 支部工作台账 │ 镇政府机关党支部 │ 月审                     测试时钟 2026-11-21
 2026年10月 月审：8 个支部，有问题 4 个，已审 0 个
支部          三会 党日 记录 党员 党费 设岗 得分 上月 意见   提交   整改    标记
镇政府机关党…  ✗    ✓    ✓    ✗    ✗    ✗     30   30 未审   未提交
红旗村党支部   △    ✓    ✓    ✗    ✓    ✓     85   70 未审   未提交
柳林村党支部   △    ✓    ✓    ✓    ✗    ✓     85   85 未审   未提交
东风社区党支…  △    ✓    ✓    ✓    ✓    ✓    100  100 未审   未提交
新华村党支部   ✓    ✓    ✓    ✓    ✓    ✓    100  100 未审   未提交
前进建材有限…  ✓    ✓    ✓    ✓    ✓    ✓    100  100 未审   未提交
光明村党支部   △    ✓    ✓    ✓    ✓    ✓    100  100 未审   未提交
团结村党支部   ✗    ✓    ✓    ✓    ✓    ✓     70   70 未审   未提交











支部：镇政府机关党支部
F1帮助 F3月份 F4有问题 s排序 /查找 F9月报 r整改 k校验 F10退出
SCREEN
expect_contains "the selected long name is whole on the status line" "$T/selected.txt" "支部：前进建材有限公司党支部"
expect_eq "the status line is the line above the key bar" "$(sed -n 23p "$T/selected.txt")" "支部：前进建材有限公司党支部"
expect_eq "a row that fits puts nothing on the status line" "$(sed -n 23p "$T/next.txt")" ""

# The dues grid: 阿依古丽·买买提 (15 columns) in a 12-column name column.
code=$(sql "$DB" "select b.code from member m join branch b on b.id=m.branch_id where m.name='阿依古丽·买买提'")
{
    echo 3
    i=0; while [ $i -lt 54 ]; do echo '<Down>'; i=$((i + 1)); done
    echo ':dump dues.txt'
} >"$T/dues.keys"
(cd "$T" && "$ZHIBU" --db "$DB" $LOGIN --branch "$code" --script "$T/dues.keys" --size 80x24 >"$T/out" 2>"$T/err")
expect_contains "the dues grid marks the cut name" "$T/dues.txt" "阿依古丽·买… 已交 已交"
expect_not_contains "no name is cut without the mark" "$T/dues.txt" "阿依古丽·买 "
expect_eq "the whole name on the status line" "$(sed -n 23p "$T/dues.txt")" "姓名：阿依古丽·买买提"
expect_fits "the dues grid fits 80x24" "$T/dues.txt" 80 24

# A post's holders: "卸任2025-11-13" does not fit 最近汇报's 10 columns.
login_demo shuji
run_script post 80x24 <<'KEYS'
4
<Enter>
:dump post.txt
<Down>
:dump ended.txt
KEYS
expect_contains "an ended holding's date is cut with …" "$T/post.txt" "卸任25-11…"
expect_not_contains "no date is cut without the mark" "$T/post.txt" "卸任25-11- "
expect_eq "selected, the whole value on the status line" "$(sed -n 23p "$T/ended.txt")" "最近汇报：卸任25-11-13"

# The meeting form's live line: what is missing, cut at 80 columns, whole on the status line.
run_script form 80x24 <<'KEYS'
1
<F2>
<Enter>
:dump form.txt
KEYS
expect_contains "the live line is cut with …" "$T/form.txt" "缺：时间、地点、议题、会议…"
expect_eq "the whole list of what is missing on the status line" "$(sed -n 23p "$T/form.txt")" "缺：时间、地点、议题、会议内容、决议及表决"
expect_fits "the form fits 80x24" "$T/form.txt" 80 24
