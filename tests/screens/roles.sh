#!/bin/sh
# Keys only for who may use them (issue 14): on the demo township (seed 1, today 2026-11-21) the
# secretary (shuji, 镇政府机关党支部), the reviewer (shencha) and the administrator (admin) each
# see in the key bar and in F1 only what the store lets them do; a key they may not use is
# refused on the status line at once, before any dialog, and nothing is written: the secretary's
# v / o on the month's page, the reviewer's F2 提交月报 (no 情况说明 prompts), the reviewer's v
# 评议 of a post holder; a record opened read-only offers no save; a rectification order's state
# refuses d / c / b before the note is asked; posts and plans refuse F8 before the reason.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0
# the bottom line of a dump (the key bar) and the line above it (the status line)
bar() { tail -n 1 "$T/$1"; }
reviews=$(sql "$DB" "select count(*) from post_review")

# ---- the secretary ----------------------------------------------------------------------
login_demo shuji
run_script secretary 80x24 <<'KEYS'
:dump home.txt
<F4>
:dump home_f4.txt
9
:dump home_9.txt
<F1>
:dump home_f1.txt
<Esc>
5
<Enter>
:dump month.txt
v
:dump month_v.txt
o
:dump month_o.txt
合格<Enter>
<F1>
:dump month_f1.txt
<Esc>
r
:dump orders.txt
<Esc><Esc>
6
:dump branch.txt
<F7>
:dump branch_f7.txt
<Esc>
1
:dump meetings.txt
<F1>
:dump meetings_f1.txt
<Esc>
<F4>
<Down><Down><Down><Down><Down><Down><Enter>
<Enter>
:dump voided.txt
<F2>
:dump voided_f2.txt
<Esc><Esc>
4
:dump posts.txt
<F1>
:dump posts_f1.txt
<Esc>
<Enter>
:dump holdings.txt
KEYS
expect_eq "secretary: home bar without 切换支部" "$(bar home.txt)" "F1帮助 r全部提醒 F10退出"
expect_eq "secretary: F4 refused at once" "$(status_line home_f4.txt)" "F4 切换支部不可用：支部书记只能查看和修改本支部（镇政府机关党支部）"
expect_not_contains "secretary: F4 opens no picker" "$T/home_f4.txt" "双河镇党委"
expect_contains "secretary: module 9 (系统管理) is for administrators" "$T/home_9.txt" "系统管理（备份、恢复、账号）只有管理员能使用"
expect_not_contains "secretary: F1 of home lacks 切换支部" "$T/home_f1.txt" "切换支部 —"
expect_contains "secretary: F1 of home has 全部提醒" "$T/home_f1.txt" "全部提醒 —"
expect_eq "secretary: the month's bar: hand-in, no verdicts" "$(bar month.txt)" "F1帮助 F2提交月报 r整改 F10退出"
expect_eq "secretary: v refused at once" "$(status_line month_v.txt)" "v 意见不可用：只有审查员能作出评审结论"
expect_not_contains "secretary: v opens no verdict dialog" "$T/month_v.txt" "审查意见"
expect_eq "secretary: o refused at once" "$(status_line month_o.txt)" "o 总评不可用：只有审查员能作出评审结论"
expect_not_contains "secretary: o opens no verdict dialog" "$T/month_o.txt" "审查意见"
expect_not_contains "secretary: the month's page does not tell to press o" "$T/month.txt" "按 o"
expect_not_contains "secretary: F1 of the month lacks 意见" "$T/month_f1.txt" "意见 —"
expect_not_contains "secretary: F1 of the month lacks 总评" "$T/month_f1.txt" "总评 —"
expect_contains "secretary: F1 of the month has 提交月报" "$T/month_f1.txt" "提交月报 —"
expect_eq "secretary: no verdict written" "$(sql "$DB" "select count(*) from audit_verdict")" 0
expect_eq "secretary: the orders' bar" "$(bar orders.txt)" "F1帮助 d已整改 F4全部 F10退出"
expect_eq "secretary: the branch page: save, no 新支部" "$(bar branch.txt)" "F1帮助 F2保存 F5记录 F9导入导出 F10退出"
expect_eq "secretary: F7 新支部 refused" "$(status_line branch_f7.txt)" "F7 新支部不可用：只有管理员能管理支部、用户和设置"
expect_eq "secretary: the meetings' bar" "$(bar meetings.txt)" \
    "F1帮助 F2新记录 F3搜索 F4筛选 F8作废 F9导出 p计划 s年度 h记录 e评议 F10退出"
expect_contains "secretary: F1 of the meetings has 新记录" "$T/meetings_f1.txt" "新记录 —"
expect_contains "secretary: F1 of the meetings has 作废" "$T/meetings_f1.txt" "作废 —"
expect_contains "secretary: a voided record is open" "$T/voided.txt" "已作废"
expect_eq "secretary: a voided record offers no save" "$(bar voided.txt)" "F1帮助 F5出席 F6决议 F9打印 F10退出"
expect_eq "secretary: F2 on it says why" "$(status_line voided_f2.txt)" "F2 保存不可用：已作废的记录只能查看"
expect_eq "secretary: the posts' bar" "$(bar posts.txt)" "F1帮助 F2新岗位 n未设岗 o逾期 d公示 F9打印公示 y年度 F10退出"
expect_contains "secretary: F1 of the posts has 新岗位" "$T/posts_f1.txt" "新岗位 —"
expect_eq "secretary: a post's holders" "$(bar holdings.txt)" "F1帮助 F2认领 r汇报 v评议 F8卸任 l履职 F10退出"

# ---- the reviewer -----------------------------------------------------------------------
login_demo shencha
run_script reviewer 80x24 <<'KEYS'
:dump home.txt
5
<Enter>
:dump table.txt
<Enter>
:dump month.txt
<F2>
:dump month_f2.txt
<F1>
:dump month_f1.txt
<Esc>
<Down><Down><Down><Down><Down><Down><Down><Down><Down>
v
<Down><Enter>
限期补收党费<Enter>
<Enter>
:dump verdict.txt
r
:dump orders.txt
b
:dump orders_b.txt
<Esc><Esc><Esc>
6
:dump branch.txt
<F1>
:dump branch_f1.txt
<Esc><Esc>
1
:dump meetings.txt
<F1>
:dump meetings_f1.txt
<Esc>
<Enter>
:dump record.txt
<F2>
:dump record_f2.txt
<F5>
:dump attendance.txt
<Esc><Esc><Esc>
4
:dump posts.txt
<F1>
:dump posts_f1.txt
<Esc>
<Enter>
:dump holdings.txt
v
:dump holdings_v.txt
<F2>
:dump holdings_f2.txt
KEYS
expect_eq "reviewer: home bar with 切换支部" "$(bar home.txt)" "F1帮助 F4切换支部 r全部提醒 F10退出"
expect_eq "reviewer: the township table" "$(bar table.txt)" "F1帮助 F3月份 F4有问题 s排序 /查找 F9月报 r整改 k校验 F10退出"
expect_eq "reviewer: a branch's month: verdicts, no hand-in" "$(bar month.txt)" "F1帮助 v意见 o总评 r整改 F10退出"
expect_eq "reviewer: F2 refused at once" "$(status_line month_f2.txt)" "F2 提交月报不可用：审查员不能修改台账（只能评审）"
expect_not_contains "reviewer: F2 asks no 情况说明" "$T/month_f2.txt" "情况说明"
expect_not_contains "reviewer: F2 asks nothing" "$T/month_f2.txt" "尚未结束"
expect_eq "reviewer: nothing handed in" "$(sql "$DB" "select count(*) from handin")" 0
expect_not_contains "reviewer: F1 of the month lacks 提交月报" "$T/month_f1.txt" "提交月报 —"
expect_contains "reviewer: F1 of the month has 意见" "$T/month_f1.txt" "意见 —"
expect_contains "reviewer: the verdict is given" "$T/verdict.txt" "需整改，整改期限"
expect_eq "reviewer: the orders' bar" "$(bar orders.txt)" "F1帮助 c确认 b退回 F4全部 F10退出"
expect_eq "reviewer: b on an open order refused before the note" "$(status_line orders_b.txt)" "该整改尚未标记完成"
expect_not_contains "reviewer: no 退回原因 asked" "$T/orders_b.txt" "退回原因"
expect_eq "reviewer: the branch page: no save" "$(bar branch.txt)" "F1帮助 F5记录 F9导入导出 F10退出"
expect_not_contains "reviewer: F1 of the branch page lacks 保存" "$T/branch_f1.txt" "保存 —"
expect_contains "reviewer: F1 of the branch page has 导入导出" "$T/branch_f1.txt" "导入导出 —"
expect_not_contains "reviewer: F1 of the meetings lacks 新记录" "$T/meetings_f1.txt" "新记录 —"
expect_not_contains "reviewer: F1 of the meetings lacks 作废" "$T/meetings_f1.txt" "作废 —"
expect_contains "reviewer: F1 of the meetings has 搜索" "$T/meetings_f1.txt" "搜索 —"
expect_eq "reviewer: the meetings: look only" "$(bar meetings.txt)" "F1帮助 F3搜索 F4筛选 F9导出 p计划 s年度 h记录 e评议 F10退出"
expect_eq "reviewer: a record: no save" "$(bar record.txt)" "F1帮助 F5出席 F6决议 F9打印 F10退出"
expect_not_contains "reviewer: the record's hints name no F7" "$T/record.txt" "F7 修改"
expect_eq "reviewer: F2 on it refused" "$(status_line record_f2.txt)" "F2 保存不可用：审查员不能修改台账（只能评审）"
expect_eq "reviewer: attendance: look only" "$(bar attendance.txt)" "F1帮助 F10退出"
expect_eq "reviewer: the posts: look only" "$(bar posts.txt)" "F1帮助 n未设岗 o逾期 F9打印公示 y年度 F10退出"
expect_not_contains "reviewer: F1 of the posts lacks 新岗位" "$T/posts_f1.txt" "新岗位 —"
expect_not_contains "reviewer: F1 of the posts lacks 公示 (d)" "$T/posts_f1.txt" "公示 — 登记"
expect_contains "reviewer: F1 of the posts has 未设岗" "$T/posts_f1.txt" "未设岗 —"
expect_eq "reviewer: a post's holders: the record only" "$(bar holdings.txt)" "F1帮助 l履职 F10退出"
expect_eq "reviewer: v 评议 refused at once" "$(status_line holdings_v.txt)" "v 评议不可用：审查员不能修改台账（只能评审）"
expect_not_contains "reviewer: v opens no period picker" "$T/holdings_v.txt" "评议期间"
expect_eq "reviewer: F2 认领 refused at once" "$(status_line holdings_f2.txt)" "F2 认领不可用：审查员不能修改台账（只能评审）"
expect_eq "reviewer: no post review written" "$(sql "$DB" "select count(*) from post_review")" "$reviews"

# ---- the administrator ------------------------------------------------------------------
login_demo admin
run_script admin 80x24 <<'KEYS'
:dump home.txt
5
<Enter>
<Enter>
:dump month.txt
v
:dump month_v.txt
<Esc><Esc>
6
:dump branch.txt
<Esc>
2
:dump roster.txt
z
:dump roster_z.txt
KEYS
expect_eq "admin: home bar" "$(bar home.txt)" "F1帮助 F4切换支部 r全部提醒 F10退出"
expect_eq "admin: a branch's month: look only" "$(bar month.txt)" "F1帮助 r整改 F10退出"
expect_eq "admin: v refused" "$(status_line month_v.txt)" "v 意见不可用：只有审查员能作出评审结论"
expect_eq "admin: the branch page: save and 新支部" "$(bar branch.txt)" "F1帮助 F2保存 F5记录 F7新支部 F9导入导出 F10退出"
expect_eq "admin: the roster: look only" "$(bar roster.txt)" "F1帮助 F3搜索 F4筛选 h记录 m流动 F9导出 F10退出"
expect_eq "admin: z 转正 refused" "$(status_line roster_z.txt)" "z 转正不可用：管理员不能修改台账"

# ---- the second review of a post's period, and a wider screen -----------------------------
# shuji reviews a holder for the periods offered until none is left; then v says so at once.
login_demo shuji
run_script again 100x30 <<'KEYS'
4
<Enter>
:dump wide.txt
v
<Enter><Enter><Enter><Enter><Enter>
v
<Enter><Enter><Enter><Enter><Enter>
v
<Enter><Enter><Enter><Enter><Enter>
v
<Enter><Enter><Enter><Enter><Enter>
v
:dump again.txt
KEYS
expect_eq "secretary at 100x30: the same bar" "$(bar wide.txt | sed 's/ *$//')" "F1帮助 F2认领 r汇报 v评议 F8卸任 l履职 F10退出"
expect_contains "the last review: refused before any dialog" "$T/again.txt" "没有可登记的期间"
expect_not_contains "the last review: no period picker" "$T/again.txt" "评议等次"

# ---- F8 refusals known before the reason ------------------------------------------------
run_script void 80x24 <<'KEYS'
4
<F8>
:dump post_f8.txt
KEYS
expect_eq "a post with holders: F8 refused before the reason" "$(status_line post_f8.txt)" "未撤销：请先办理在岗党员卸任"
expect_not_contains "no reason asked" "$T/post_f8.txt" "原因："
