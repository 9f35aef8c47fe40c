#!/bin/sh
# 民主评议 results in the demo (issue 19), counted independently in SQL: every appraisal record
# held by today has results for the members on the roster that day (but a branch behind, which
# leaves a few unrated last year); mostly 合格, some 优秀, few 基本合格, 不合格 rare and each with
# its follow-up dated from the meeting to today; the December review (`zhibu audit --format
# json`) names the members not rated only where the demo left them so, and the journal verifies.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB" --branches 12
expect_rc "demo" 0

# the roster of each appraisal record's day (joined by then, not left before, not transferred in
# after) against the results there
ROSTER="select m.id as mid, m.branch_id as bid, m.date as day, p.id as pid from meeting m join member p
          on p.branch_id = m.branch_id and p.join_date <= m.date
         and (p.leave_status = '' or p.leave_date >= m.date)
         and not exists (select 1 from member_transfer t where t.member_id = p.id
                         and t.direction = 'in' and t.date > m.date)
        where m.voided_at is null and (m.kind = 'appraisal' or (m.also_mask & 64) <> 0)
          and m.date <= '2026-11-21'"
MISSING="select count(*) from ($ROSTER) x where not exists
          (select 1 from appraisal_result r where r.meeting_id = x.mid and r.member_id = x.pid)"
expect_eq "every appraisal held has results" \
    "$(sql "$DB" "select count(*) from meeting m where m.voided_at is null and m.date <= '2026-11-21'
                  and (m.kind = 'appraisal' or (m.also_mask & 64) <> 0)
                  and not exists (select 1 from appraisal_result r where r.meeting_id = m.id)")" 0
BEHIND=$(sql "$DB" "select count(distinct bid) from ($ROSTER) x where not exists
          (select 1 from appraisal_result r where r.meeting_id = x.mid and r.member_id = x.pid)")
UNRATED=$(sql "$DB" "$MISSING")
if [ "$BEHIND" -ge 1 ] && [ "$BEHIND" -le 2 ] && [ "$UNRATED" -ge 2 ] && [ "$UNRATED" -le 8 ]; then
    ok "a branch behind left a few unrated ($UNRATED in $BEHIND branch(es))"
else
    fail "a branch behind left a few unrated" "$UNRATED unrated in $BEHIND branches"
fi
expect_eq "nobody rated off the roster of the day" \
    "$(sql "$DB" "select count(*) from appraisal_result r join meeting m on m.id = r.meeting_id
                  where not exists (select 1 from ($ROSTER) x where x.mid = r.meeting_id and x.pid = r.member_id)")" 0

# the grades: believable
set -- $(sql "$DB" "select sum(result = 'excellent'), sum(result = 'qualified'), sum(result = 'basic'),
                    sum(result = 'unqualified'), count(*) from appraisal_result" | tr '|' ' ')
if [ "$2" -gt "$1" ] && [ "$1" -gt "$3" ] && [ "$4" -le "$3" ] && [ $(($2 * 100 / $5)) -ge 60 ]; then
    ok "mostly 合格 ($2 of $5), 优秀 $1, 基本合格 $3, 不合格 $4"
else
    fail "the grades are believable" "优秀 $1 合格 $2 基本合格 $3 不合格 $4 of $5"
fi
expect_eq "every 不合格 has its follow-up, dated from the meeting to today" \
    "$(sql "$DB" "select count(*) from appraisal_result r join meeting m on m.id = r.meeting_id
                  where r.result = 'unqualified' and not (r.follow_up <> ''
                  and r.follow_up_date between m.date and '2026-11-21')")" 0
expect_eq "no follow-up without 不合格" \
    "$(sql "$DB" "select count(*) from appraisal_result where result <> 'unqualified' and follow_up <> ''")" 0

# the December review: the unrated named in the branches that left them, nowhere else
run_zhibu audit --db "$DB" --month 2025-12 --format json
expect_rc "audit of 2025-12" 0
LAST=$(sql "$DB" "select count(distinct bid) from ($ROSTER) x where x.day like '2025-%' and not exists
          (select 1 from appraisal_result r where r.meeting_id = x.mid and r.member_id = x.pid)")
GOT=$(/usr/bin/python3 -c '
import json, sys
n = 0
for b in json.load(open(sys.argv[1])):
    if any("民主评议未评定等次" in r["text"] and r["fails"] for r in b["reasons"]): n += 1
print(n)' "$T/out")
expect_eq "the review names them in as many branches as left them" "$GOT" "$LAST"
expect_not_contains "every branch held its appraisal" "$T/out" "未开展民主评议党员"
run_zhibu verify --db "$DB"
expect_rc "the journal verifies" 0

# bad input to the review: a month that is none
run_zhibu audit --db "$DB" --month 2025-13 --format json
if [ "$RC" -ne 0 ]; then ok "a bad month is refused"; else fail "a bad month is refused" "rc 0"; fi
