#!/bin/sh
# 月审月报 at 80x24 on the demo township (seed 1, today 2026-11-21, reviewing 2026-10): the
# reviewer's table, a branch's reasons and the records behind them, a verdict ordering
# rectification; the secretary marks it done; the reviewer confirms; a month handed in and then
# edited shows what changed. The reviewer works as the demo's shencha; 柳林村's secretary gets an
# account from the administrator; the reviewed month is locked, so voiding a meeting of it
# needs 申请修改, and the reviewer then sees 审后修改.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0
printf 'demo1234\n' >"$T/admin.pw"
run_zhibu user add --db "$DB" --as admin --as-password-file "$T/admin.pw" --login liulin \
    --name 柳林书记 --role secretary --branch "$(sql "$DB" "select code from branch where name='柳林村党支部'")" --password-file "$PW"
expect_rc "the administrator adds 柳林村's secretary" 0
login_demo shencha

# The reviewer: every branch, then 柳林村 (the third row): a verdict on 党费收缴 with a deadline.
run_script reviewer 80x24 <<'KEYS'
5
:dump chooser.txt
<Home><Enter>
:dump table.txt
<F4>
:dump problems.txt
<F4><Down><Down><Enter>
:dump branch.txt
<Down><Down><Down><Down><Down><Down><Down><Down>
<Enter>
:dump evidence.txt
<Esc>
v
<Down><Enter>
10月党费未收齐，限期补收<Enter>
<Enter>
:dump verdict.txt
o
<Down><Enter>
党费收缴须整改<Enter>
<Enter>
:dump overall.txt
<Esc>
:dump table2.txt
KEYS
expect_contains "module 5 offers both sides" "$T/chooser.txt" "本支部上月自查、提交月报"
expect_contains "the table covers every branch of the township" "$T/table.txt" "2026年10月 月审：8 个支部"
expect_contains "the table has the six items, score, verdict, rectification" "$T/table.txt" "三会 党日 记录 党员 党费 设岗 得分 上月 意见   提交   整改"
expect_fits "the review table fits 80x24" "$T/table.txt" 80 24
expect_contains "a branch's reasons" "$T/branch.txt" "柳林村党支部 2026年10月审查"
expect_contains "the dues reason" "$T/branch.txt" "党员10月党费未交清"
expect_fits "a branch's review fits 80x24" "$T/branch.txt" 80 24
expect_contains "the verdict orders rectification with a deadline" "$T/verdict.txt" "柳林村党支部 党费收缴：需整改，整改期限 2026-12-21"
expect_eq "the verdict and the order are stored" \
    "$(sql "$DB" "select v.verdict||'|'||v.deadline||'|'||r.status||'|'||r.order_text from audit_verdict v join rectification r on r.branch_id=v.branch_id and r.month=v.month and r.item=v.item where v.item='dues'")" \
    "rectify|2026-12-21|open|10月党费未收齐，限期补收"
expect_contains "the overall verdict" "$T/overall.txt" "柳林村党支部 总体：需整改"
expect_contains "the table shows the verdict and the open orders" "$T/table2.txt" "需整改 未提交 整改中2"

# The secretary of 柳林村 sees the order on the home screen and marks it done.
login_as liulin
run_script secretary 80x24 <<'KEYS'
:dump home.txt
5
<End><Enter>
:dump orders.txt
d
<Enter>
:dump emptynote.txt
<Esc>d
已补收10月党费，全部交清<Enter>
:dump done.txt
KEYS
expect_contains "home shows the open order" "$T/home.txt" "整改 2026-10 党费收缴：10月党费未收齐"
expect_contains "the branch's orders" "$T/orders.txt" "整改中"
expect_contains "a done note is required" "$T/emptynote.txt" "不能为空"
expect_contains "marked done" "$T/done.txt" "已报整改完成，待审查员确认"

# The reviewer confirms it.
login_demo shencha
run_script confirm 80x24 <<'KEYS'
5
<Home><Enter>
r
:dump allorders.txt
<F4>
:dump alldone.txt
<F4>
c
<Enter>
:dump confirmed.txt
KEYS
expect_contains "the reviewer sees it done" "$T/allorders.txt" "已整改待确认"
expect_contains "confirmed" "$T/confirmed.txt" "已确认整改完成"
expect_eq "the order's life is stored" \
    "$(sql "$DB" "select status||'|'||done_note from rectification where item='dues'")" "confirmed|已补收10月党费，全部交清"

# 柳林村 hands October in, with a note for each failed item; then a committee meeting of October
# is voided; the review shows the change since handing in.
login_as liulin
run_script handin 80x24 <<'KEYS'
5
<Enter>
:dump selfcheck.txt
<F2>
情况一<Enter>
:dump handconfirm.txt
<Enter>
:dump handed.txt
<F2>
:dump again.txt
KEYS
expect_contains "the self-check of last month" "$T/selfcheck.txt" "柳林村党支部 2026年10月自查"
expect_contains "handing in asks to confirm" "$T/handconfirm.txt" "提交 柳林村党支部 2026年10月 月报？"
expect_contains "handed in" "$T/handed.txt" "已提交 2026年10月 月报"
expect_contains "a month is handed in once" "$T/again.txt" "已于 2026-11-21 提交"
expect_eq "the snapshot is stored" "$(sql "$DB" "select count(*) from handin where month='2026-10' and snapshot_json like '%\"meetings\"%' and notes_json like '%情况一%'")" 1

run_script edit 80x24 <<'KEYS'
1
<F4>
<Down><Enter>
<Down><Enter>
:dump committee.txt
KEYS
# 柳林村's October committee meeting (the demo's content: demo.c)
OCTC=$(sql "$DB" "select m.date from meeting m join branch b on b.id = m.branch_id where b.name = '柳林村党支部'
                  and m.kind = 'committee' and m.date like '2026-10-%' and m.voided_at is null")
row=$(grep -an "$OCTC" "$T/committee.txt" | head -1 | cut -d: -f1)
downs=$(( row - 4 ))
keys="1
<F4>
<Down><Enter>
<Down><Enter>
<Home>"
i=0; while [ $i -lt $downs ]; do keys="$keys<Down>"; i=$((i+1)); done
printf '%s\n<F8>\n重复录入<Enter>\n<Enter>\n:dump locked.txt\n<Esc>\n:dump refused.txt\n<F8>\n重复录入<Enter>\n<Enter>\n原<Enter>\n:dump shortreason.txt\n<Enter>\n<C-u>同一次会议录入了两次，作废重复的一条<Enter>\n:dump voided.txt\n' "$keys" >"$T/edit2.keys"
# shellcheck disable=SC2086
(cd "$T" && "$ZHIBU" --db "$DB" $LOGIN --script "$T/edit2.keys" --size 80x24 >"$T/out" 2>"$T/err")
expect_contains "a reviewed month asks for 申请修改" "$T/locked.txt" "2026年10月已评审"
expect_contains "without a reason nothing changes" "$T/refused.txt" "未修改：该月已评审，修改需说明原因"
expect_contains "a one-character reason is refused" "$T/shortreason.txt" "原因"
expect_contains "the October committee meeting is voided" "$T/voided.txt" "已作废（原因：重复录入）"
expect_eq "the amend is recorded with its reason" "$(sql "$DB" "select month||'|'||table_name||'|'||reason||'|'||created_by from amend_request")" \
    "2026-10|meeting|同一次会议录入了两次，作废重复的一条|liulin"
login_demo shencha
run_script changed 80x24 <<'KEYS'
5
<Home><Enter>
:dump table3.txt
<Down><Down><Enter>
:dump changed.txt
<End>
:dump changedend.txt
<Enter>
:dump amendview.txt
KEYS
expect_contains "the table marks the change after review" "$T/table3.txt" "改1"
expect_contains "the review marks what changed after handing in and after review" "$T/changed.txt" "三会一课 ✗ 未达标 提交和审查后有变化（当时待定）"
expect_contains "the review says when it was handed in" "$T/changed.txt" "已于 2026-11-21 提交月报"
expect_contains "the reviewer sees the hand-in's 情况说明 under its item" "$T/changed.txt" "情况说明：情况一"
expect_contains "the reviewer sees 审后修改 with the reason (at the end of the page)" "$T/changedend.txt" "同一次会议录入了两次"
expect_contains "Enter shows the old and new values" "$T/amendview.txt" "作废"
