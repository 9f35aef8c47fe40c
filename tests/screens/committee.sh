#!/bin/sh
# 换届 and the office history in the interface (issue 19): the committee screen shows the term
# (elected, ends, remaining or overdue, the election meeting); e records a 换届 from a 支部党员大会
# marked 选举 (or, before the ledger, by its date; bad input refused); office changes are dated
# and kept as history, so a past 支委会's expected list is the committee of that day; the home's
# reminders at the edges (six and three months before the end, overdue); the review's overdue
# reason on the demo (zhibu audit JSON).
. "$(dirname "$0")/../lib.sh"

new_branch_db
# 王一 书记, 李二 组织委员, 张三 宣传委员; 赵四 and 钱五 without office
run_script roster 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right><Right><Right>
<F2>
<F2>
张三<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right><Right><Right><Right>
<F2>
<F2>
赵四<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<F2>
钱五<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
KEYS
expect_eq "five members, three on the committee" "$(sql "$DB" "select count(*), sum(office<>'') from member")" "5|3"

# no term yet; an election before the ledger by its date: a day in the future is refused
run_script term 80x24 <<'KEYS'
8
:dump noterm.txt
<F1>
:dump help.txt
<Esc>e
:dump picknone.txt
<Enter>
2026-12-01<Enter>
<Enter>
:dump future.txt
e
<Enter>
<C-u>2023-12-01<Enter>
:dump confirm.txt
<Enter>
:dump term.txt
KEYS
expect_rc "the committee screen runs" 0
expect_contains "no term: said, with the key" "$T/noterm.txt" "尚未登记换届（按 e 登记本届支委会的选举）"
expect_contains "F1 names 换届" "$T/help.txt" "换届"
expect_contains "F1 names the office history" "$T/help.txt" "任职记录"
expect_contains "without an election meeting only the election before the ledger" "$T/picknone.txt" "台账建立前召开的选举（输入选举日期）"
expect_contains "a future election day is refused" "$T/future.txt" "选举日期不能晚于今天"
expect_contains "the term from the config asked to confirm" "$T/confirm.txt" "登记换届：2023-12-01 选举新一届支部委员会，任期3年，至2026-12-01？"
expect_contains "the term shown: elected, years, end, days left" "$T/term.txt" "本届：2023-12-01 选举，任期3年。支部委员会任期将于2026-12-01届满（还有10天）"
expect_contains "no meeting linked before the ledger" "$T/term.txt" "选举会议：（台账建立前召开，未关联会议记录）"
expect_fits "the committee screen fits 80x24" "$T/term.txt" 80 24
expect_eq "the term stored" "$(sql "$DB" "select elected_date||' '||term_years||' '||ifnull(meeting_id,'-') from committee_term")" "2023-12-01 3 -"

# the home's reminders at the edges of the term ending 2026-12-01 (6 and 3 months before)
home_at() {
    ZHIBU_TODAY=$1 run_script "home$1" 100x40 <<'KEYS'
r
:dump reminders.txt
KEYS
    cp "$T/reminders.txt" "$T/rem-$1.txt"
}
home_at 2026-05-31
home_at 2026-06-01
home_at 2026-08-31
home_at 2026-09-01
home_at 2026-12-01
home_at 2026-12-02
expect_not_contains "the day before six months before: no reminder" "$T/rem-2026-05-31.txt" "支委会任期"
expect_contains "six months before: the first reminder" "$T/rem-2026-06-01.txt" "支委会任期还有 183 天届满，准备换届（8 → e）：2026-12-01 届满"
expect_contains "the day before three months before: still the first" "$T/rem-2026-08-31.txt" "支委会任期还有 92 天届满"
expect_contains "three months before: the second" "$T/rem-2026-09-01.txt" "支委会任期还有 91 天届满"
expect_contains "the end day: still on time" "$T/rem-2026-12-01.txt" "支委会任期还有 0 天届满"
expect_contains "the day after: overdue, among the urgent" "$T/rem-2026-12-02.txt" "支委会任期届满已 1 天，尚未换届（8 → e）：2026-12-01 届满"
expect_not_contains "not overdue on the end day" "$T/rem-2026-12-01.txt" "尚未换届"

# the election: a 支部党员大会 marked 选举 on 2026-11-20, everyone present; then e picks it
run_script elect 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Space><Tab>选举新一届支部委员会
:dump meeting.txt
<F2>
<Esc>8
e
:dump pick.txt
<Enter>
:dump confirm2.txt
<Enter>
:dump elected.txt
l
:dump terms.txt
<Esc>
KEYS
expect_eq "the election meeting stored" "$(sql "$DB" "select kind||' '||election||' '||quorum from meeting where date='2026-11-20'")" "general 1 1"
expect_contains "the election meeting offered" "$T/pick.txt" "2026-11-20 支部党员大会 选举新一届支部委员会"
expect_contains "its date taken" "$T/confirm2.txt" "登记换届：2026-11-20 选举新一届支部委员会，任期3年，至2029-11-20？"
expect_contains "the new term shown" "$T/elected.txt" "本届：2026-11-20 选举，任期3年。支部委员会任期至2029-11-20（还有1095天）"
expect_contains "the election meeting shown" "$T/elected.txt" "选举会议：2026-11-20 支部党员大会（选举）"
expect_contains "历届 lists both" "$T/terms.txt" "2023-12-01 选举 任期3年 至2026-12-01"
expect_eq "linked to its meeting" "$(sql "$DB" "select count(*) from committee_term t join meeting m on m.id=t.meeting_id where t.elected_date='2026-11-20'")" 1

# 李二 left the committee on 2026-03-15 (entered today): a 支委会 of February expects him, one of
# April does not
run_script relieve 80x24 <<'KEYS'
8
<Down><F8>
<Enter>
<C-u>2026-03-15<Enter>
:dump relieved.txt
h
:dump history.txt
<Esc><Esc>1
<F2>
<Down><Enter>
<C-u>2026-02-10
:dump feb.txt
<Esc>
<Enter>
<F2>
<Down><Enter>
<C-u>2026-04-10
:dump apr.txt
<Esc>
<Enter>
KEYS
expect_contains "relieved" "$T/relieved.txt" "已免去 李二 的职务"
expect_eq "the span closed on its day" "$(sql "$DB" "select o.office||' '||o.from_date||' '||o.to_date from office_term o join member m on m.id=o.member_id where m.name='李二'")" "organization  2026-03-15"
expect_contains "the office history lists it" "$T/history.txt" "李二  组织委员  台账建立前 至 2026-03-15"
expect_contains "February's 支委会 expects the committee of that day" "$T/feb.txt" "应到 3"
expect_contains "April's does not expect 李二" "$T/apr.txt" "应到 2"

# a wrong meeting is never offered, and the store refuses one not 选举 (the CLI-free check is in
# the unit tests); the demo: the behind branch's term is over, the review says so
DB=$T/demo.db
run_zhibu demo --db "$DB"
end=$(sql "$DB" "select date(elected_date, '+'||term_years||' years') from committee_term where branch_id = (select id from branch where code = '1101010001') and voided_at is null order by elected_date desc limit 1")
run_zhibu audit --db "$DB" --month 2026-10 --branch 1101010001 --format json
expect_rc "the review runs" 0
expect_contains "the review lists the overdue 换届 under 党员管理" "$T/out" "{\"item\":\"members\",\"text\":\"支部委员会任期已于${end}届满，尚未换届\",\"fails\":true"
run_zhibu audit --db "$DB" --month 2026-10 --format json
expect_eq "only the behind branch" "$(grep -o '尚未换届' "$T/out" | wc -l)" 1
expect_eq "every demo branch has a term and its committee's history" \
    "$(sql "$DB" "select count(distinct branch_id) = (select count(*) from branch where id in (select branch_id from member)), (select count(*) from office_term) = (select count(*) from member where office <> '' and leave_status = '') from committee_term")" "1|1"

# a reviewer reads the term and the history; 换届 is not offered
login_demo shencha
run_script reviewer 80x24 <<'KEYS'
8
:dump rterm.txt
e
:dump rnoelect.txt
h
:dump rhistory.txt
KEYS
expect_contains "the reviewer sees the term overdue" "$T/rterm.txt" "支部委员会任期已于${end}届满，尚未换届"
expect_not_contains "no 换届 key for the reviewer" "$T/rterm.txt" "e换届"
expect_contains "the office history is read" "$T/rhistory.txt" "职务变动记录"
expect_eq "nothing written by the reviewer" "$(sql "$DB" "select count(*) from committee_term")" 8
