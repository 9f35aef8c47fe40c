#!/bin/sh
# 民主评议党员 results (issue 19): on a hand-made branch, log an appraisal meeting, open its
# results from the meetings list (e), rate members with 1 2 3 4 (the cursor moves down), see the
# counts on top, record the follow-up of a 不合格 (a date before the meeting refused, a good one
# kept), e on a record that is no appraisal refused; a reviewer sees the results and cannot
# rate; the December review (`zhibu audit --format json`) names the member not rated.
. "$(dirname "$0")/../lib.sh"

new_branch_db
run_script roster 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
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
KEYS
expect_eq "four members" "$(sql "$DB" "select count(*) from member")" 4

# a general meeting, then the appraisal (the seventh kind)
run_script log 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-18<Tab>09:00<Tab>11:00<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>学习党章
<F2>
<F2>
<Down><Down><Down><Down><Down><Down><Enter>
<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>开展年度民主评议党员
<F2>
:dump list.txt
KEYS
expect_eq "two records, one an appraisal" "$(sql "$DB" "select count(*), sum(kind = 'appraisal') from meeting")" "2|1"

# the list is newest first: the appraisal on top, the general meeting below
run_script rate 80x24 <<'KEYS'
1
<Down>e
:dump notappraisal.txt
<Up>e
:dump open.txt
12
:dump two.txt
4
<Enter>
<Down><Enter>
<C-u>2026-11-19<Enter>
限期三个月改正<Enter>
:dump badfollow.txt
<Enter>
<Down><Enter>
<C-u>2026-11-21<Enter>
<C-u>限期三个月改正，党小组长帮助<Enter>
:dump rated.txt
<F1>
:dump help.txt
KEYS
expect_contains "e on a general meeting says why not" "$T/notappraisal.txt" \
    "只有民主评议党员会议（或同时计为民主评议的会议）才有评议结果"
expect_contains "the results screen lists the roster of the day" "$T/open.txt" "王一"
expect_contains "nobody rated yet" "$T/open.txt" "优秀 0  合格 0  基本合格 0  不合格 0  未评 4"
expect_contains "1 then 2: two rated, the counts follow" "$T/two.txt" "优秀 1  合格 1  基本合格 0  不合格 0  未评 2"
expect_contains "a follow-up dated before the meeting is refused" "$T/badfollow.txt" "处置日期不能早于评议会议"
expect_contains "the 不合格 awaits its follow-up" "$T/badfollow.txt" "待处置 1"
expect_contains "the follow-up recorded" "$T/rated.txt" "限期改正 2026-11-21"
expect_contains "counts after the follow-up" "$T/rated.txt" "优秀 1  合格 1  基本合格 0  不合格 1  未评 1"
expect_not_contains "no longer pending" "$T/rated.txt" "待处置"
expect_contains "F1 lists the quick keys" "$T/help.txt" "基本合格"
expect_fits "the results screen fits 80x24" "$T/rated.txt" 80 24
expect_eq "the database holds the results" \
    "$(sql "$DB" "select group_concat(m.name || ':' || r.result || ':' || r.follow_up || ':' || r.follow_up_date, ' ')
                  from appraisal_result r join member m on m.id = r.member_id")" \
    "张三:excellent:: 李二:qualified:: 王一:unqualified:correct:2026-11-21"
expect_eq "each result journaled" \
    "$(sql "$DB" "select count(*) from history where table_name = 'appraisal_result'")" 4

# the yearly summary shows the year's appraisal and its counts (赵四 not rated)
run_script summary 80x24 <<'KEYS'
1
s
:dump summary.txt
<Left>
:dump lastyear.txt
KEYS
expect_contains "the summary: the appraisal held" "$T/summary.txt" "民主评议党员（每年至少1次）：已开展 1 次"
expect_contains "the summary: the counts, the member not rated" "$T/summary.txt" \
    "优秀 1  合格 1  基本合格 0  不合格 1  未评 1"
expect_contains "the year before: none held" "$T/lastyear.txt" "民主评议党员（每年至少1次）：未开展"
expect_fits "the summary fits 80x24" "$T/summary.txt" 80 24

# a reviewer reads: the quick keys are refused
"$ZHIBU" user add --db "$DB" --as admin --as-password-file "$PW" --login shencha --name 审查员 \
    --role reviewer --password-file "$PW" >"$T/user.out" 2>&1 || fail "reviewer" "$(cat "$T/user.out")"
LOGIN="--user shencha --password-file $PW --branch 1101010001"
run_script reviewer 80x24 <<'KEYS'
1
e
:dump rev.txt
<Down><Down><Down>1
:dump revkey.txt
KEYS
expect_contains "the reviewer sees the counts" "$T/rev.txt" "优秀 1  合格 1  基本合格 0  不合格 1  未评 1"
expect_not_contains "no quick keys on the reviewer's key bar" "$T/rev.txt" "1 优秀"
expect_contains "a quick key is refused with a reason" "$T/revkey.txt" "不可用"
expect_eq "nothing written by the reviewer" "$(sql "$DB" "select count(*) from appraisal_result")" 3

# the December review: 赵四 was not rated; the ledger began in November (the first record), so
# the earlier part of the year was kept on paper: 待定, not 未达标 (the unit tests hold the rest)
ZHIBU_TODAY=2027-01-05 run_zhibu audit --db "$DB" --month 2026-12 --format json
expect_rc "audit of December" 0
expect_contains "the member not rated is named" "$T/out" \
    '"text":"本年度民主评议未评定等次的党员1名（台账自11月18日建立）：赵四"'
expect_contains "the item is pending" "$T/out" '"members":"pending"'
expect_not_contains "the follow-up recorded: nothing pending" "$T/out" "待处置"
run_zhibu audit --db "$DB" --month 2026-11 --format json
expect_not_contains "November says nothing of the appraisal" "$T/out" "民主评议"
