#!/bin/sh
# 党费上缴 at 80x24 on the demo township (today 2026-11-21): from the 党费 screen (u) the branch's
# remittances; F2 records one (the months after the last remitted, the amount what was collected
# for them), overlapping months refused with the store's sentence, a future date refused, F8
# voids with a reason; the dues screen's year line (已收 / 已上缴 / 未上缴) equals SQL sums; a
# reviewer reads but cannot add.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0
BR=$(sql "$DB" "select id from branch where code = '1101010001'")
yuan() { sql "$DB" "select printf('%.2f', ifnull(($1), 0) / 100.0)"; }
COLLECTED="select sum(a.amount) from dues_payment p join dues_allocation a on a.payment_id = p.id where p.branch_id = $BR and p.voided_at is null and a.month like '2026-%'"
REMITTED="select sum(amount_fen) from dues_remittance where branch_id = $BR and voided_at is null and from_month like '2026-%'"
ROWS0=$(sql "$DB" "select count(*) from dues_remittance")

login_demo shuji
run_script secretary 80x24 <<'KEYS'
3
:dump dues0.txt
u
:dump list0.txt
<F2>
:dump form.txt
<Tab>DF202611-01
<F2>
:dump added.txt
<F2>
<BTab><BTab><C-u>2026-09<Tab><C-u>2026-09
<F2>
:dump overlap.txt
<BTab><BTab><C-u>2026-11-22<Tab><C-u>2026-11<Tab><C-u>2026-11
<F2>
:dump future.txt
<BTab><BTab><C-u>2026-11-21<Tab><Tab><Tab><C-u>abc
<F2>
:dump badamount.txt
<Esc>
<Enter>
:dump back.txt
<F8>
<Enter>
:dump voidempty.txt
<Esc>
<F8>金额录错<Enter>
:dump voidconfirm.txt
<Enter>
:dump voided.txt
<Esc>
:dump dues1.txt
KEYS
expect_rc "the secretary's script runs" 0
expect_contains "the dues screen shows the year's collected and remitted" "$T/dues0.txt" "2026年：已收 $(yuan "$COLLECTED") 已上缴 $(yuan "$REMITTED") 未上缴"
expect_fits "the dues screen fits 80x24" "$T/dues0.txt" 80 24
expect_contains "the list's head: remitted through June" "$T/list0.txt" "党费已上缴至 2026-06（每 3 个月至少上缴一次）"
expect_contains "the list shows a remittance: date, months, amount, receipt" "$T/list0.txt" "2026-07-13 2026-04—06         12720.07 DF202607-01"
expect_fits "the list fits 80x24" "$T/list0.txt" 80 24
JUL_OCT=$(yuan "select sum(a.amount) from dues_payment p join dues_allocation a on a.payment_id = p.id where p.branch_id = $BR and p.voided_at is null and a.month between '2026-07' and '2026-10'")
expect_contains "the form: the months after the last remitted up to last month" "$T/form.txt" "起始月份*   2026-07"
expect_contains "the form: to last month" "$T/form.txt" "截止月份*   2026-10"
expect_contains "the form: the amount is what was collected for them" "$T/form.txt" "金额（元）* $JUL_OCT"
expect_contains "the form: date today" "$T/form.txt" "上缴日期*   2026-11-21"
expect_fits "the form fits 80x24" "$T/form.txt" 80 24
expect_contains "recorded" "$T/added.txt" "已登记上缴：2026年7月至10月党费 $JUL_OCT 元"
expect_contains "the new remittance heads the list" "$T/added.txt" "2026-11-21 2026-07—10"
expect_eq "stored with its receipt" "$(sql "$DB" "select date, from_month, to_month, printf('%.2f', amount_fen / 100.0), receipt from dues_remittance where branch_id = $BR order by id desc limit 1")" "2026-11-21|2026-07|2026-10|$JUL_OCT|DF202611-01"
expect_eq "journaled" "$(sql "$DB" "select count(*) from history where table_name = 'dues_remittance' and action = 'insert' and row_uuid = (select uuid from dues_remittance order by id desc limit 1)")" "1"
expect_contains "overlapping months refused with the store's sentence" "$T/overlap.txt" "未登记：2026年7月至10月已上缴（2026-11-21，收据 DF202611-01），不能重复上缴"
expect_contains "a future date refused" "$T/future.txt" "上缴日期不能晚于今天"
expect_contains "a bad amount refused" "$T/badamount.txt" "未登记：金额应为数字"
expect_eq "nothing stored by the refusals" "$(sql "$DB" "select count(*) from dues_remittance")" "$((ROWS0 + 1))"
expect_contains "voiding asks for a reason" "$T/voidempty.txt" "不能为空"
expect_contains "voiding asks to confirm" "$T/voidconfirm.txt" "确认作废这条上缴记录？"
expect_contains "voided with its reason" "$T/voided.txt" "已作废上缴记录（原因：金额录错）"
expect_contains "the voided one stays, marked" "$T/voided.txt" "已作废（金额录错）"
expect_eq "the void is kept in the database" "$(sql "$DB" "select void_reason, voided_by from dues_remittance where branch_id = $BR order by id desc limit 1")" "金额录错|shuji"
expect_eq "the void journaled" "$(sql "$DB" "select count(*) from history where table_name = 'dues_remittance' and action = 'void'")" "1"
expect_contains "the dues screen's totals equal SQL sums after the void" "$T/dues1.txt" "2026年：已收 $(yuan "$COLLECTED") 已上缴 $(yuan "$REMITTED") 未上缴 $(yuan "($COLLECTED) - ($REMITTED)") 元"

# a reviewer reads the list and cannot add or void
login_demo shencha
run_script reviewer 80x24 <<'KEYS'
3
u
:dump rlist.txt
<F2>
:dump radd.txt
<F8>
:dump rvoid.txt
KEYS
expect_rc "the reviewer's script runs" 0
expect_contains "the reviewer reads the list" "$T/rlist.txt" "党费已上缴至 2026-06"
expect_not_contains "no F2 for the reviewer" "$T/rlist.txt" "F2上缴"
expect_contains "F2 refused to the reviewer" "$T/radd.txt" "审查员不能修改台账"
expect_not_contains "no form opened" "$T/radd.txt" "登记党费上缴"
expect_eq "nothing written by the reviewer" "$(sql "$DB" "select count(*), sum(voided_at is not null) from dues_remittance")" "$((ROWS0 + 1))|1"
