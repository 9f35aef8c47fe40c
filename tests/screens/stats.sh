#!/bin/sh
# 党内统计 (t on 党员名册): the secretary sees the branch's figures of this year as of today,
# equal to SQL counts of our own; ← the year before (as of December 31), → never past this
# year; PgDn reaches 本年发展和减少; F9 writes the .xlsx (read back with openpyxl), a wrong
# ending refused; a reviewer sees the total of every branch beside the branch; F1 lists the keys;
# from the township's 月审, t shows the selected branch beside the total; everything fits 80x24
# and 120x40.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
B=1101010001
# count_on DAY COND — members of the first village on its roster on DAY matching COND
count_on() {
    sql "$DB" "select count(*) from member m join branch b on b.id = m.branch_id where b.code = '${B}'
               and m.join_date <= '$1' and (m.leave_status = '' or m.leave_date > '$1') and ($2)"
}
# the figure shown on the line labelled $2 in dump $1: its first number (the branch's)
figure() { grep -m1 "^   $2 " "$T/$1" | awk '{print $2}'; }

login_demo shuji
run_script secretary 80x24 <<'KEYS'
2
t
:dump now.txt
<Left>
:dump last.txt
<Right>
<Right>
:dump next.txt
<PgDn>
<PgDn>
:dump down.txt
<F1>
:dump help.txt
<Esc>
<F9>
:dump ask.txt
<C-u>统计.txt<Enter>
:dump wrong.txt
<Enter>
<C-u>统计2026.xlsx<Enter>
:dump done.txt
KEYS
expect_rc "the run" 0
expect_contains "the title: the year and the day" "$T/now.txt" "2026 年党内统计（截至 2026-11-21 的名册）"
expect_contains "the title bar" "$T/now.txt" "│ 党内统计"
expect_eq "党员总数 = the roster today" "$(figure now.txt 党员总数)" "$(count_on 2026-11-21 1)"
expect_eq "预备党员 as of today" "$(figure now.txt 预备党员)" "$(count_on 2026-11-21 "m.full_date = '' or m.full_date > '2026-11-21'")"
expect_eq "女" "$(figure now.txt 女)" "$(count_on 2026-11-21 "m.gender = 'F'")"
expect_eq "30岁及以下 (whole years on the day)" "$(figure now.txt 30岁及以下)" \
    "$(count_on 2026-11-21 "m.birth_date <> '' and m.birth_date > date('2026-11-21', '-31 years')")"
expect_eq "本科" "$(grep -m1 ' 本科 ' "$T/now.txt" | awk '{print $NF}')" "$(count_on 2026-11-21 "m.education = 'bachelor'")"
expect_not_contains "a secretary: no total column" "$T/now.txt" "合计"
expect_contains "←: the year before, as of December 31" "$T/last.txt" "2025 年党内统计（截至 2025-12-31 的名册）"
expect_eq "←: 党员总数 of 2025-12-31" "$(figure last.txt 党员总数)" "$(count_on 2025-12-31 1)"
expect_contains "→ past this year: refused, said" "$T/next.txt" "不能统计未来的年度"
expect_contains "→ past this year: still this year" "$T/next.txt" "2026 年党内统计"
expect_contains "PgDn: 本年发展和减少" "$T/down.txt" "本年发展和减少"
expect_eq "本年发展党员 (入党 in 2026)" "$(grep -m1 '本年发展党员' "$T/down.txt" | awk '{print $NF}')" \
    "$(sql "$DB" "select count(*) from member m join branch b on b.id = m.branch_id where b.code = '$B' and m.join_date between '2026-01-01' and '2026-11-21'")"
expect_eq "本年减少 (left in 2026)" "$(grep -m1 '本年减少' "$T/down.txt" | awk '{print $NF}')" \
    "$(sql "$DB" "select count(*) from member m join branch b on b.id = m.branch_id where b.code = '$B' and m.leave_status <> '' and m.leave_date between '2026-01-01' and '2026-11-21'")"
expect_contains "F1: the year keys" "$T/help.txt" "上一年"
expect_contains "F1: the export" "$T/help.txt" "导出为 .xlsx"
expect_contains "F9: asks the file name" "$T/ask.txt" "党内统计-2026.xlsx"
expect_contains "F9: a wrong ending refused" "$T/wrong.txt" "文件名须以 .xlsx 结尾"
expect_contains "F9: written, said" "$T/done.txt" "已导出 2026 年党内统计（1 个支部）到 统计2026.xlsx"
/usr/bin/python3 - "$T/统计2026.xlsx" "$(count_on 2026-11-21 1)" <<'PY' || fail "F9: read back" "python3 failed"
import sys, warnings
warnings.simplefilter("ignore")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rows = list(wb["基本情况"].iter_rows(values_only=True))
def check(n, cond, why):
    print(("ok stats: %s" % n) if cond else ("FAIL stats: %s: %s" % (n, why)))
check("F9: six tables", len(wb.sheetnames) == 6, wb.sheetnames)
check("F9: the branch's row and 合计", [r[0] for r in rows[2:]] == ["1101010001", None], rows[2:])
check("F9: 党员总数 as on the screen", rows[2][2] == int(sys.argv[2]) and rows[3][2] == int(sys.argv[2]), rows[2])
PY
for f in now last down help ask done; do expect_fits "$f fits 80x24" "$T/$f.txt" 80 24; done

# the reviewer: the total of every branch beside the branch
login_demo shencha
run_script reviewer 120x40 <<'KEYS'
2
t
:dump rev.txt
KEYS
expect_rc "reviewer: the run" 0
expect_contains "reviewer: the total column" "$T/rev.txt" "右列为全部支部合计"
expect_eq "reviewer: 党员总数 of every branch" "$(grep -m1 '^   党员总数 ' "$T/rev.txt" | awk '{print $3}')" \
    "$(sql "$DB" "select count(*) from member where leave_status = ''")"
expect_eq "reviewer: 流动党员 of every branch" "$(grep -m1 '^   流动党员 ' "$T/rev.txt" | awk '{print $3}')" \
    "$(sql "$DB" "select count(*) from member m left join member_mobile mm on mm.member_id = m.id where m.leave_status = ''
                  and case when mm.id is null then m.mobile else (mm.since = '' or mm.since <= '2026-11-21') and (mm.ended_at is null or mm.ended_at > '2026-11-21') end")"
expect_fits "reviewer: fits 120x40" "$T/rev.txt" 120 40

# from the township's 月审: t on the selected branch (红旗村, the second row), with the total;
# Esc goes back to the review in the reviewer's own current branch
run_script from_review 80x24 <<'KEYS'
5
<Enter>
<Down>
t
:dump review_stats.txt
<Esc>
:dump review_back.txt
KEYS
expect_rc "from 月审: the run" 0
R=$(sql "$DB" "select code from branch where name = '红旗村党支部'")
expect_contains "from 月审: the selected branch in the title" "$T/review_stats.txt" "│ 红旗村党支部 │ 党内统计"
expect_eq "from 月审: its 党员总数 beside the total" "$(grep -m1 '^   党员总数 ' "$T/review_stats.txt" | awk '{print $2, $3}')" \
    "$(B=$R count_on 2026-11-21 1) $(sql "$DB" "select count(*) from member where leave_status = ''")"
expect_contains "from 月审: Esc back to the review, in the reviewer's branch" "$T/review_back.txt" "│ 镇政府机关党支部 │ 月审"
