#!/bin/sh
# The home screen's 待办提醒 on the demo township at 80x24 (issue 13): the panel shows what fits
# and says how many more, r lists every reminder in a box that scrolls; review-item codes reach
# the screen only through their labels (an overall verdict's order reads 总体, not "overall"),
# on the home screen and in 整改事项.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0

# The reviewer orders the first branch (镇政府机关党支部, the demo secretary's) to rectify overall.
login_demo shencha
run_script order 80x24 <<'KEYS'
5
<Home><Enter>
<Enter>
o
<Down><Enter>
会议记录须补齐<Enter>
<Enter>
:dump ordered.txt
KEYS
expect_contains "the overall verdict orders rectification" "$T/ordered.txt" "镇政府机关党支部 总体：需整改，整改期限 2026-12-21"
expect_eq "the order is stored under the code overall" \
    "$(sql "$DB" "select item||'|'||status||'|'||order_text from rectification")" "overall|open|会议记录须补齐"

login_demo shuji
run_script home 80x24 <<'KEYS'
:dump home.txt
<F1>
:dump help.txt
<Esc>
r
:dump all.txt
<End>
:dump allend.txt
<Esc>
:dump back.txt
5
<End><Enter>
:dump orders.txt
KEYS
expect_rc "the secretary's session" 0
expect_file_eq "home at 80x24: the order by its label, and how to see the rest" "$T/home.txt" <<'SCREEN'
 支部工作台账 │ 镇政府机关党支部 │ 首页 郭俊明（支部书记）  测试时钟 2026-11-21

  镇政府机关党支部（机关，组织代码 1101010001）
  今天 2026年11月21日 星期六    2026年第4季度

  在册党员 33 名：正式党员 30，预备党员 3；支委 5 人；党小组 3 个
  已离开名册 2 名（转出、去世等，记录保留）

  功能（按数字键）     待办提醒
   1  三会一课         整改 2026-10 总体：会议记录须补齐（期限 2026-12-21）
   2  党员名册         计划已逾期 4 天：11-17 党课 传承红色基因 担当时代使命
   3  党费             唐全斌 预备期已满 74 天，尚未转正（2026-09-08 到期）
   4  设岗定责         邱斌成：入党谈话逾期（应于2026-10-15前）（0 发展党员）
   5  月审月报         李杰亮：考察逾期（应于2026-08-06前）（0 发展党员）
   6  支部信息         1 名党员连续6个月未交党费，待支部研究（3 党费 → a）
   7  党小组           1 名党员欠交党费满3个月，需谈话（3 党费 → a）
   8  支部委员会       3 名在岗党员超过 3 个月未汇报履职情况（4 设岗定责 → o）
   9  系统管理         支委会任期届满已 267 天，尚未换届（8 → e）：2026-02-27…
   0  发展党员         3 天后（11-24）：支委会 研究低保对象民主评议推荐工作
                       4 天后（11-25）：主题党日 集中学习与党费收缴
                       6 天后（11-27）：小组会 学习《中国共产党农村基层组织工…
                       ……另有 8 条，按 r 查看全部

F1帮助 r全部提醒 F10退出
SCREEN
expect_not_contains "no code on the home screen" "$T/home.txt" "overall"
expect_contains "F1 names the key" "$T/help.txt" "r              全部提醒 — 列出全部待办提醒"
expect_contains "r: every reminder, counted" "$T/all.txt" "待办提醒（共 20 条）"
expect_contains "r: the urgent ones first" "$T/all.txt" "逾期或未达标（9 条）："
expect_contains "r: the order by its label" "$T/all.txt" "·  整改 2026-10 总体：会议记录须补齐（期限 2026-12-21）"
expect_fits "the list fits 80x24" "$T/all.txt" 80 24
# the five the panel had no room for are in the list's end
for line in "本季度尚未召开党课，还剩 41 天" "本月尚未开展主题党日，还剩 10 天" "本年度尚未召开组织生活会，还剩 41 天" \
    "本年度尚未开展民主评议党员，还剩 41 天" "纳斌俊 将于 2026-12-01 预备期满，10 天后应讨论转正"; do
    expect_not_contains "not on the home panel: $line" "$T/home.txt" "$line"
    expect_contains "in the full list: $line" "$T/allend.txt" "·  $line"
done
expect_contains "Esc goes back home" "$T/back.txt" "……另有 8 条，按 r 查看全部"
expect_contains "整改事项 shows the item by its label" "$T/orders.txt" "镇政府机关党支部                        2026-10 总体     2026-12-21 整改中"
expect_not_contains "no code in 整改事项" "$T/orders.txt" "overall"

# In a window that holds them all, the list has one line per reminder: 20 (three of 发展党员;
# the demo's behind branch is past its committee's term).
run_script tall 100x40 <<'KEYS'
r
:dump tall.txt
KEYS
expect_eq "every reminder is listed once" "$(grep -c '│   ·  ' "$T/tall.txt")" 20
expect_fits "the list fits 100x40" "$T/tall.txt" 100 40
