#!/bin/sh
# Issue 14, meeting records at 80x24: a general meeting of fifteen members with long Chinese
# names, one excused with approval (x 不计应到); 应到 leaves the excused out in the attendance
# header and the form; a resolution whose votes exceed those present with a vote is refused with
# the reason and asked again; the 决议 screen shows 通过 / 未通过 (more than half of those
# entitled); the printed record (F9) never breaks a name across lines, names the people (王书记,
# not the login shuji), gives each resolution its votes and outcome, and ends with signature
# lines for the host and the recorder.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# 王一 书记 (host), 李二 组织委员 (recorder), 赵五, then twelve long names (the lists put the
# office holders first, then the others by name: 上官婉儿清 is third, the one excused)
NAMES="阿依古丽·买买提 热依拉·阿不都热合曼 欧阳振华明 买买提·艾力 司马长风远 上官婉儿清 诸葛明远山 慕容云海天 端木青山秀 东方晓白露 皇甫嵩林木 令狐冲天行"
{
    printf '2\n<F2>\n王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>\n<F2>\n'
    printf '<F2>\n李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right><Right><Right>\n<F2>\n'
    printf '<F2>\n赵五<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01\n<F2>\n'
    for n in $NAMES; do
        printf '<F2>\n%s<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01\n<F2>\n' "$n"
    done
} >"$T/members.keys"
run_script roster 80x24 <"$T/members.keys"
expect_eq "fifteen full members" "$(sql "$DB" "select count(*) from member where status = 'full'")" 15

run_script log 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>讨论发展党员工作<Tab>会议讨论了发展党员工作和村部修缮。<Tab>镇包村干部
<F5>
<Down><Down>x长期患病，经支部委员会批准<Enter>
:dump att.txt
<Esc><F6>
<F2>同意将李四列为发展对象<Enter><C-u>12<Enter><C-u>2<Enter><C-u>1<Enter>
:dump toomany.txt
<Enter>
<C-u>10<Enter><C-u>2<Enter><C-u>2<Enter>
<F2>同意修缮村部屋顶<Enter><C-u>7<Enter><C-u>5<Enter><C-u>2<Enter>
:dump res.txt
<Esc>
:dump form.txt
:size 100x40
:dump tall.txt
<F2>
KEYS
expect_contains "attendance: the excused member is marked" "$T/att.txt" "（不计应到）长期患病，经支部委员会批准"
expect_contains "attendance header: 应到 without the excused" "$T/att.txt" "应到 14  实到 14  请假 0  缺席 0"
expect_contains "votes over those present with a vote: refused, and why" "$T/toomany.txt" "这项决议的表决票数共 15 票，超过出席会议的有表决权党员 14 人"
expect_contains "the 决议 heading: those entitled and present" "$T/res.txt" "决议 2 项  有表决权应到 14 人，出席 14 人（赞成票超过应到半数为通过）"
expect_contains "10 of 14 entitled: 通过" "$T/res.txt" "同意将李四列为发展对象                                       10    2    2 通过"
expect_contains "7 of 14 entitled (half, not more): 未通过" "$T/res.txt" "同意修缮村部屋顶                                              7    5    2 未通过"
expect_fits "the 决议 screen fits 80x24" "$T/res.txt" 80 24
expect_contains "the form: 应到 without the excused" "$T/form.txt" "应到 14 实到 14（有表决权 14/14）"
expect_contains "the form's attendance line counts the excused apart" "$T/tall.txt" "应到 14  实到 14  请假 0  缺席 0  不计应到 1"
expect_eq "saved with the votes as corrected" \
    "$(sql "$DB" "select group_concat(votes_for || '/' || votes_against || '/' || votes_abstain, ' ') from (select * from meeting_resolution order by seq)")" \
    "10/2/2 7/5/2"

# the printed record of the saved meeting
run_script print 80x24 <<KEYS
1
:dump list.txt
<Enter>
<F9><C-u>$T/print.txt<Enter>
:dump printed.txt
KEYS
expect_contains "the meetings list: 实到/应到 without the excused" "$T/list.txt" " 14/14"
expect_not_contains "the meetings list: not the stored 15" "$T/list.txt" "14/15"
expect_contains "F9 says where it wrote" "$T/printed.txt" "已写入 $T/print.txt"
mw=$(max_width "$T/print.txt")
if [ "$mw" -le 72 ]; then ok "print: no line wider than 72 columns"; else fail "print: width" "$mw columns"; fi
missing=""
for n in 王一 李二 $NAMES; do grep -qF -- "$n" "$T/print.txt" || missing="$missing $n"; done
expect_eq "print: every name present whole on one line, never broken" "$missing" ""
expect_contains "print: the names run on under the label" "$T/print.txt" "出席人员：王一、李二、东方晓白露、"
expect_contains "print: 应到 without the excused" "$T/print.txt" "人数：应到 14 人，实到 14 人，请假 0 人，缺席 0 人"
expect_contains "print: the excused counted apart" "$T/print.txt" "经批准不计应到：1 人"
expect_contains "print: the excused member and the approval" "$T/print.txt" "  上官婉儿清（请假，经批准不计应到）：长期患病，经支部委员会批准"
expect_contains "print: 列席人员" "$T/print.txt" "列席人员：镇包村干部"
expect_contains "print: the first resolution's votes and outcome" "$T/print.txt" "     表决：赞成 10 票，反对 2 票，弃权 2 票，通过"
expect_contains "print: the second resolution's votes and outcome" "$T/print.txt" "     表决：赞成 7 票，反对 5 票，弃权 2 票，未通过"
expect_contains "print: the rule of the outcome" "$T/print.txt" "  （有表决权的应到 14 人，赞成票超过半数为通过）"
expect_contains "print: who entered it by name" "$T/print.txt" "录入：2026-11-21 由 王书记"
expect_not_contains "print: no login" "$T/print.txt" "shuji"
expect_contains "print: the host signs" "$T/print.txt" "主持人（签字）：________________________"
expect_contains "print: the recorder signs" "$T/print.txt" "记录人（签字）：________________________"
