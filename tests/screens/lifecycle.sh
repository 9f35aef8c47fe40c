#!/bin/sh
# Members over time at 80x24: 转正 of an overdue probationary member, a mobile member's details
# and contact log with the home screen's reminders, a transfer out and a transfer in.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# roster order: 周流动, 孙预备, 郑转出
run_script setup 80x24 <<'KEYS'
2
<F2>
孙预备<Tab><Tab><Tab><Tab><Tab><Tab>2025-10-01<Tab><Right>
<F2>
<F2>
周流动<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<F2>
郑转出<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<Esc>
:dump home1.txt
KEYS
expect_contains "home: a probationary member overdue for 转正" "$T/home1.txt" "孙预备 预备期已满 51 天，尚未转正（2026-10-01 到期）"

run_script full 80x24 <<'KEYS'
2
<Home>z
:dump notprob.txt
<Down>z
:dump outcomes.txt
<Enter>
:dump fulldate.txt
<Enter>
:dump meetings.txt
<Enter>
:dump confirm.txt
<Enter>
:dump fulldone.txt
h
:dump fullhistory.txt
KEYS
expect_contains "转正 only for probationary members" "$T/notprob.txt" "周流动 不是在册的预备党员"
expect_contains "z offers the three outcomes of probation" "$T/outcomes.txt" "延长预备期"
expect_contains "... with the end of probation" "$T/outcomes.txt" "孙预备 预备期至 2026-10-01"
expect_contains "the 转正 date defaults to when probation ended" "$T/fulldate.txt" "2026-10-01"
expect_contains "the approving meeting can be left out" "$T/meetings.txt" "（不关联会议记录）"
expect_contains "转正 asks to confirm" "$T/confirm.txt" "确认 孙预备 于 2026-10-01 转为正式党员？"
expect_contains "转正 done" "$T/fulldone.txt" "孙预备 已于 2026-10-01 转为正式党员"
expect_eq "转正 stored" "$(sql "$DB" "select status||'|'||full_date from member where name='孙预备'")" "full|2026-10-01"
expect_contains "the history shows the 转正" "$T/fullhistory.txt" "转正"

run_script mobile 80x24 <<'KEYS'
2
<Home>m
:dump mobileform.txt
<F5>
:dump needsave.txt
<C-u>
<F2>
:dump nodest.txt
广东省东莞市长安镇<Tab>2026-01-10<Tab>LD-2026-001<Tab>周妻<Tab>1390000abc
<F2>
:dump badphone.txt
<C-u>13900001111
<F2>
<Esc>
:dump home2.txt
KEYS
expect_contains "contacts need the details saved first" "$T/needsave.txt" "请先保存流动党员信息"
expect_contains "the destination is required" "$T/nodest.txt" "外出地点不能为空"
expect_contains "a phone with letters is refused" "$T/badphone.txt" "电话只能是7到15位数字"
expect_eq "mobile details stored" "$(sql "$DB" "select m.mobile||'|'||x.destination||'|'||x.since||'|'||x.card_no from member m join member_mobile x on x.member_id=m.id")" "1|广东省东莞市长安镇|2026-01-10|LD-2026-001"
expect_contains "home: a mobile member out of contact" "$T/home2.txt" "流动党员 周流动 已 315 天未联系"
expect_contains "home: away long enough to transfer" "$T/home2.txt" "流动党员 周流动 外出已 10 个月，应转出组织关系"
expect_fits "home with member reminders fits 80x24" "$T/home2.txt" 80 24

run_script contact 80x24 <<'KEYS'
2
<Home>m
<F5>
<F2>
<Enter>
<Down><Enter>
微信联系，在外务工情况良好<Enter>
:dump contacted.txt
<Esc><Esc><Esc>
:dump home3.txt
KEYS
expect_contains "a contact is logged" "$T/contacted.txt" "2026-11-21 微信 微信联系，在外务工情况良好"
expect_not_contains "after contact the reminder is gone" "$T/home3.txt" "天未联系"
expect_contains "the transfer reminder stays" "$T/home3.txt" "应转出组织关系"

run_script out 80x24 <<'KEYS'
2
<End><F8>
<Enter>
<Enter>
县委组织部机关党支部<Enter>
2026-017<Enter>
:dump prefilled.txt
<C-u>2026-1O<Enter>
:dump badmonth.txt
<Enter><C-u>2026-10<Enter>
:dump outconfirm.txt
<Enter>
:dump outdone.txt
KEYS
expect_contains "paid-through defaults to what the dues ledger says" "$T/prefilled.txt" "2026-10"
expect_contains "a bad paid-through month is refused" "$T/badmonth.txt" "月份应写作 YYYY-MM"
expect_contains "the transfer asks to confirm with the paid-through month" "$T/outconfirm.txt" "确认 郑转出 于 2026-11-21 转往 县委组织部机关党支部？（党费交至"
expect_contains "the paid-through month kept whole on the next line" "$T/outconfirm.txt" "│ 2026-10；记录保留）"
expect_contains "transfer out done" "$T/outdone.txt" "已登记：郑转出 转往 县委组织部机关党支部"
expect_eq "the transfer is recorded" "$(sql "$DB" "select t.direction||'|'||t.place||'|'||t.letter_no||'|'||t.dues_paid_through||'|'||m.leave_status from member_transfer t join member m on m.id=t.member_id")" "out|县委组织部机关党支部|2026-017|2026-10|transferred"

run_script in 80x24 <<'KEYS'
2
i
<Enter>
柳林镇党委<Enter>
LL-2026-3<Enter>
2026-10<Enter>
:dump inform.txt
吴转入<Tab><Tab><Tab><Tab><Tab><Tab>2010-07-01<Tab><Tab>2011-07-01
<F2>
:dump indone.txt
KEYS
expect_contains "the form says where the member comes from" "$T/inform.txt" "转入党员：自 柳林镇党委 转入"
expect_contains "transfer in saved" "$T/indone.txt" "已保存：吴转入"
expect_eq "the member and the transfer are stored together" "$(sql "$DB" "select m.name||'|'||t.direction||'|'||t.place||'|'||t.dues_paid_through from member_transfer t join member m on m.id=t.member_id where t.direction='in'")" "吴转入|in|柳林镇党委|2026-10"
