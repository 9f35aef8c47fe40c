#!/bin/sh
# 设岗定责 at 80x24: define a post, a member claims it with a Chinese pledge, a full post warns,
# a report and a review (with the bad dates refused), the notice date, coverage changing, an
# excused member, the printed and .xlsx notice, the year's summary, a member's posts.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# 王一 书记; 李二 张三 赵四 without office; 钱五 probationary since 2026-06-01.
# roster order (office first): 王一 张三 李二 赵四 钱五
run_script setup 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<F2>
张三<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<F2>
赵四<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<F2>
钱五<Tab><Tab><Tab><Tab><Tab><Tab>2026-06-01<Tab><Right>
<F2>
KEYS
expect_eq "five members, one with office" "$(sql "$DB" "select count(*), sum(office<>'') from member")" "5|1"

run_script define 80x24 <<'KEYS'
4
:dump empty.txt
<F2>
宣传教育类<Tab>政策宣传岗<Tab>宣传党的路线方针政策<Enter>每月入户宣讲不少于2次<Tab><C-u>1
<F2>
:dump defined.txt
<Enter>
:dump page.txt
<F2>
<Down><Enter>
<Enter>
<Enter>
认真履行岗位职责，每月至少入户宣传2次<Enter>
:dump claimed.txt
<F2>
<Down><Down><Enter>
:dump full.txt
<Esc>
r
<C-u>2026-11-20<Enter>
<Enter>
走访农户12户，宣讲惠农政策<Enter>
:dump reportbad.txt
<Enter>
<C-u>2026-11-21<Enter>
<Enter>
走访农户12户，宣讲惠农政策<Enter>
:dump reported.txt
v
<Down><Enter>
:dump reviewbad.txt
<Enter>
<Up><Enter>
<Enter>
<Enter>
履职认真，群众认可<Enter>
<Enter>
:dump reviewed.txt
<Esc>
d
<Enter>
:dump noticed.txt
KEYS
expect_contains "coverage with no posts" "$T/empty.txt" "设岗覆盖率 0%（0/4 名无职党员在岗，0 人免于设岗）"
expect_contains "the empty list says how to start" "$T/empty.txt" "按 c 从默认岗位目录建立"
expect_contains "the new post is listed" "$T/defined.txt" "政策宣传岗"
expect_contains "the post's page shows its duties" "$T/page.txt" "职责：宣传党的路线方针政策；每月入户宣讲不少于2次"
expect_contains "a claim with a Chinese pledge" "$T/claimed.txt" "张三 已认领 政策宣传岗（2026-11-21）"
expect_eq "the claim and pledge stored" "$(sql "$DB" "select m.name||'|'||h.how||'|'||h.claimed||'|'||h.pledge from post_holding h join member m on m.id=h.member_id")" "张三|claim|2026-11-21|认真履行岗位职责，每月至少入户宣传2次"
expect_contains "a full post warns first" "$T/full.txt" "政策宣传岗 需要 1 人，已有 1 人在岗。仍然让 李二 认领？"
expect_eq "declining the warning claims nothing" "$(sql "$DB" "select count(*) from post_holding")" 1
expect_contains "a report dated before the claim is refused" "$T/reportbad.txt" "汇报日期不能早于认领日期"
expect_contains "a report is recorded" "$T/reported.txt" "已登记 张三 的汇报（2026-11-21，支部党员大会）"
expect_contains "a review for a period before the claim is refused" "$T/reviewbad.txt" "评议期间早于认领岗位的日期"
expect_contains "a review is recorded" "$T/reviewed.txt" "已登记 张三 2026年评议：称职"
expect_eq "the review is stored" "$(sql "$DB" "select period_start||'|'||period_end||'|'||rating||'|'||comment from post_review")" "2026-01-01|2026-12-31|competent|履职认真，群众认可"
expect_contains "the notice date is recorded" "$T/noticed.txt" "已登记 2026-11-21 公示：1 人的在岗情况"
expect_contains "coverage after one claim" "$T/noticed.txt" "设岗覆盖率 25%（1/4 名无职党员在岗，0 人免于设岗）"
expect_fits "the post list fits 80x24" "$T/noticed.txt" 80 24

run_script uncovered 80x24 <<'KEYS'
4
n
:dump uncovered.txt
<Down>x
年老体弱<Enter>
:dump excused.txt
<Home><Down><Enter>
<Enter>
<Enter>
<Enter>
<C-u>2026-01-01<Enter>
<Enter>
:dump beforejoin.txt
<Enter><Esc>
<Esc>
:dump coverage.txt
KEYS
expect_contains "members without a post are listed" "$T/uncovered.txt" "李二"
expect_contains "an excused member is marked" "$T/excused.txt" "免于设岗：年老体弱"
expect_contains "a claim before the member joined is refused" "$T/beforejoin.txt" "认领日期不能早于入党日期"
expect_contains "the excused member leaves the denominator" "$T/coverage.txt" "设岗覆盖率 33%（1/3 名无职党员在岗，1 人免于设岗）"

run_script notice 80x24 <<'KEYS'
4
<F9>
<C-u>notice.txt<Enter>
:dump printed.txt
<F9>
<C-u>notice.xlsx<Enter>
:dump exported.txt
y
:dump summary.txt
<Esc><Esc>
:dump home.txt
2
<Down>p
:dump memberposts.txt
KEYS
expect_contains "the text notice is written" "$T/printed.txt" "已写入公示 notice.txt"
if [ -f "$T/notice.txt" ]; then
    expect_contains "the notice names the holder and the pledge" "$T/notice.txt" "认真履行岗位职责"
    mw=$(max_width "$T/notice.txt")
    if [ "$mw" -le 72 ]; then ok "the notice is at most 72 columns"; else fail "the notice is at most 72 columns" "$mw"; fi
else
    fail "the text notice exists" "no notice.txt"
fi
/usr/bin/python3 - "$T/notice.xlsx" <<'PY' && ok "the .xlsx notice reads back in openpyxl" || fail "the .xlsx notice reads back in openpyxl" "see above"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert "设岗定责公示" in wb.sheetnames, wb.sheetnames
rows = [r for r in wb["设岗定责公示"].iter_rows(values_only=True) if any(c is not None for c in r)]
flat = [str(c) for r in rows for c in r if c is not None]
for h in ("类别", "岗位", "岗位职责", "在岗党员", "承诺"):
    assert any(h == c or h in c for c in flat), (h, flat[:12])
assert any("张三" in c for c in flat) and any("认真履行岗位职责" in c for c in flat), flat
PY
grep -a "^政策宣传岗" "$T/summary.txt" >"$T/summary_row"
expect_contains "the year's summary counts holders, reports and ratings" "$T/summary_row" "1    1    0    1        0      0"
expect_contains "home: coverage under the configured share" "$T/home.txt" "设岗覆盖率 33%，2 名无职党员未设岗"
expect_contains "a member's posts from the roster" "$T/memberposts.txt" "张三 的岗位（1 项，含已卸任）"
