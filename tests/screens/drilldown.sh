#!/bin/sh
# The records behind a reason, opened by the township reviewer from another branch than the one
# the reviewer last worked in (the demo's shencha is in 镇政府机关党支部): a meeting reads its
# own branch's roster and groups (host, recorder, 党小组 shown, no false "缺：主持人、记录人") and
# the title names that branch until the record is closed; a 党费 reason shows the member's due,
# paid and 交至 for the month; a group reason lists the group's meetings of the month, each
# opening in its form.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0
login_demo shencha
code() { sql "$DB" "select id from branch where name='$1'"; }
HQ=$(code 红旗村党支部)

# 红旗村 (second row) 2026-09: 记录规范's reason "1条记录补记" is a 支部委员会 record of 红旗村,
# read in its own roster (the reviewer works in 镇政府机关党支部).
run_script meeting 80x24 <<'KEYS'
5
<Home><Enter>
<F3><C-u>2026-09<Enter>
<Down><Enter>
:dump branch.txt
<Down><Down><Down><Enter>
:dump meeting.txt
<Esc>
:dump back.txt
<Esc>
:dump table.txt
KEYS
MID=$(sql "$DB" "select id from meeting where branch_id=$HQ and kind='committee' and date like '2026-09-%' and voided_at is null
                 and julianday(substr(created_at, 1, 10)) - julianday(date) > 7")
HOST=$(sql "$DB" "select m.name from meeting x join member m on m.id=x.host_id where x.id=$MID")
REC=$(sql "$DB" "select m.name from meeting x join member m on m.id=x.recorder_id where x.id=$MID")
expect_contains "the branch page names the branch under review" "$T/branch.txt" "│ 红旗村党支部 │ 支部月审"
expect_contains "the reason behind the record" "$T/branch.txt" "1条记录补记  ▸"
expect_contains "the record's title names its branch" "$T/meeting.txt" "支部工作台账 │ 红旗村党支部 │ 会议记录"
expect_contains "the host is the record's" "$T/meeting.txt" "主持人      $HOST"
expect_contains "the recorder is the record's" "$T/meeting.txt" "记录人      $REC"
expect_contains "the record is complete" "$T/meeting.txt" "法定人数：已达到  要素齐全"
expect_not_contains "no false missing host" "$T/meeting.txt" "缺："
expect_not_contains "no empty picker" "$T/meeting.txt" "（未选）"
expect_fits "the record fits 80x24" "$T/meeting.txt" 80 24
expect_contains "closed, the branch page still names it" "$T/back.txt" "│ 红旗村党支部 │ 支部月审"
expect_contains "on the table, the reviewer's own branch is back" "$T/table.txt" "│ 镇政府机关党支部 │ 月审"
expect_eq "the current branch is not changed in the database" \
    "$(sql "$DB" "select value from meta where key='current_branch'")" "$(code 镇政府机关党支部)"

# 党费: "4名党员10月党费未交清" of 柳林村 (third row), the first member: the month's due, paid and 交至.
run_script dues 80x24 <<'KEYS'
5
<Home><Enter>
<Down><Down><Enter>
<Down><Down><Down><Down><Down><Down><Down><Enter>
:dump pick.txt
<Enter>
:dump card.txt
KEYS
FIRST=$(sed -n 's/^.*│ \([^ │]*\) *│$/\1/p' "$T/pick.txt" | head -1)
expect_contains "the unpaid members" "$T/pick.txt" "4名党员10月党费未交清"
expect_contains "the month's due, paid and state" "$T/card.txt" "2026年10月党费：应交"
expect_contains "nothing paid for October" "$T/card.txt" "已交 0.00 元（欠）"
expect_contains "paid through" "$T/card.txt" "（2026年10月末）；今日交至："
expect_contains "the member's card below" "$T/card.txt" "姓名：$FIRST"
expect_contains "the dialog names the member's branch in the title" "$T/card.txt" "│ 柳林村党支部 │"
expect_fits "the card fits 80x24" "$T/card.txt" 80 24
# a non-dues member reason (党员管理) keeps the plain card
run_script plain 80x24 <<'KEYS'
5
<Home><Enter>
<Down><Enter>
<Down><Down><Down><Down><Down><Down><Enter>
:dump plaincard.txt
KEYS
expect_contains "a 党员管理 reason: the card" "$T/plaincard.txt" "党籍："
expect_not_contains "without the dues lines" "$T/plaincard.txt" "应交"

# A group reason: with two 党小组会 a month required, 柳林村's groups met once in October.
sed 's/^group_per_month = 1/group_per_month = 2/' "$ROOT/config/zhibu.ini" >"$T/g2.ini"
ZHIBU_CONFIG=$T/g2.ini
export ZHIBU_CONFIG
LL=$(code 柳林村党支部)
G1=$(sql "$DB" "select id from party_group where branch_id=$LL and name='第一党小组'")
GM=$(sql "$DB" "select date from meeting where branch_id=$LL and group_id=$G1 and date like '2026-10-%' and voided_at is null")
GHOST=$(sql "$DB" "select m.name from meeting x join member m on m.id=x.host_id where x.group_id=$G1 and x.date='$GM'")
run_script group 80x24 <<'KEYS'
5
<Home><Enter>
<Down><Down><Enter>
<Down><Enter>
:dump groupmeetings.txt
<Enter>
:dump groupmeeting.txt
<Esc><Up><Up><Enter>
:dump nogroup.txt
KEYS
expect_contains "the group's reason" "$T/groupmeetings.txt" "第一党小组10月党小组会仅召开1次，应召开2次"
expect_contains "the group's meetings of the month" "$T/groupmeetings.txt" "第一党小组 2026年10月的会议（1 次）"
expect_contains "the meeting listed" "$T/groupmeetings.txt" "$GM 党小组会"
expect_contains "it opens with its group" "$T/groupmeeting.txt" "党小组*     第一党小组"
expect_contains "and its host" "$T/groupmeeting.txt" "主持人      $GHOST"
expect_contains "in its branch" "$T/groupmeeting.txt" "│ 柳林村党支部 │ 会议记录"
expect_not_contains "not 请选择" "$T/groupmeeting.txt" "请选择"
expect_fits "the group list fits 80x24" "$T/groupmeetings.txt" 80 24
unset ZHIBU_CONFIG
export ZHIBU_CONFIG=$ROOT/config/zhibu.ini

# A group that did not meet at all: the month is empty, and when it last met.
run_script nomeet 80x24 <<'KEYS'
5
<Home><Enter>
<Home><Enter>
<Down><Down><Enter>
:dump empty.txt
KEYS
expect_contains "no meeting in the month" "$T/empty.txt" "2026年10月没有会议记录。"
expect_contains "when it last met" "$T/empty.txt" "上一次："
