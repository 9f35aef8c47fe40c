#!/bin/sh
# 发展党员 on the command line: `zhibu list candidates` on the demo (stable stage codes, CSV and
# JSON alike, every person's branch a branch of the ledger) and on hand-made data recorded with
# `zhibu candidate add|step` as the branch's secretary (each refusal one line, exit 1, nothing
# written: a committee decision linked to a general meeting, without a meeting, a 培养联系人 who
# is probationary, a date before the application, too early for 发展对象, a reviewer writing);
# bad input (unknown branch, bad or missing format, a date that is not one). The pipeline through
# a bundle village → township: the township's `list candidates` equals the village's. The
# monthly review (`zhibu audit` JSON and CSV) lists a step whose meeting is no longer there.
. "$(dirname "$0")/../lib.sh"

V=$T/village.db
TW=$T/township.db
run_zhibu demo --db "$V" --seed 1
expect_rc "demo" 0
printf 'demo1234\n' >"$T/pw"
A=$(shuji_branch "$V")
AID=$(sql "$V" "select id from branch where code = '$A'")

# ---- the demo's pipeline ----
expect_eq "the demo's steps were entered a day or two after their dates (none 补记)" \
    "$(sql "$V" "select count(*) from candidate_step where julianday(substr(created_at, 1, 10)) - julianday(date) not between 0 and 7")/$(sql "$V" "select count(*) > 0 from candidate_step")" "0/1"
run_zhibu list candidates --db "$V" --format csv
expect_rc "list candidates: exit 0" 0
cp "$T/out" "$T/all.csv"
expect_eq "list candidates: the header" "$(head -1 "$T/all.csv")" \
    "branch_code,name,stage,stage_date,next_step,due_by,overdue"
expect_eq "list candidates: the stages are the stable codes" \
    "$(tail -n +2 "$T/all.csv" | cut -d, -f3 | sort -u | tr '\n' ' ')" "activist applicant candidate probationary "
expect_eq "list candidates: one row per person of the pipeline (and probationary member)" \
    "$(($(wc -l <"$T/all.csv") - 1))" \
    "$(sql "$V" "select (select count(*) from candidate where voided_at is null and stage <> 'stopped' and member_id is null) + (select count(*) from member where status = 'probationary' and leave_status = '')")"
bad=0
for code in $(tail -n +2 "$T/all.csv" | cut -d, -f1 | sort -u); do
    [ "$(sql "$V" "select count(*) from branch where code = '$code'")" = 1 ] || bad=1
done
expect_eq "list candidates: every row's branch is a branch of the ledger" "$bad" 0
expect_eq "list candidates: applicants' next step is the talk or the activist decision" \
    "$(grep ',applicant,' "$T/all.csv" | cut -d, -f5 | sort -u | tr '\n' ' ')" "activist talk "
expect_eq "list candidates: the demo's behind branch has an overdue talk and an overdue 考察" \
    "$(grep ',1$' "$T/all.csv" | cut -d, -f3,5 | sort -u | tr '\n' ' ')" "activist,observe applicant,talk "
run_zhibu list candidates --db "$V" --format json
expect_rc "list candidates json: exit 0" 0
expect_eq "list candidates json: the same people, the same fields" \
    "$(/usr/bin/python3 -c '
import json, sys
for r in json.load(open(sys.argv[1], encoding="utf-8")):
    print(",".join([r["branch_code"], r["name"], r["stage"], r["stage_date"], r["next_step"], r["due_by"], "1" if r["overdue"] else "0"]))
' "$T/out")" "$(tail -n +2 "$T/all.csv")"
run_zhibu list candidates --db "$V" --branch "$A" --format csv
expect_rc "list candidates --branch: exit 0" 0
expect_eq "list candidates --branch: that branch's rows only" "$(tail -n +2 "$T/out")" "$(grep "^$A," "$T/all.csv")"

# ---- bad input ----
run_zhibu list candidates --db "$V" --branch 9999999999 --format csv
expect_rc "unknown branch: exit 1" 1
expect_contains "unknown branch: said" "$T/err" "没有组织代码为 9999999999 的支部"
run_zhibu list candidates --db "$V" --format xml
expect_rc "bad format: exit 2" 2
expect_contains "bad format: said" "$T/err" "--format 应是 csv 或 json"
run_zhibu list candidates --db "$V"
expect_rc "no format: exit 2" 2
run_zhibu list candidate --db "$V" --format csv
expect_rc "list candidate (misspelt): exit 2" 2
expect_contains "list candidate: the lists named" "$T/err" "candidates"
run_zhibu list candidates --db "$T/nothing.db" --format csv
expect_rc "a database that is not there: refused" 1

# ---- hand-made: a person recorded step by step ----
# a branch whose 党员管理 passes in the month of its newest committee record (so that the review's
# CSV shows the change); its newest committee record (the person applied two months before it
# and talked 40 days before it), a general meeting, two full members, a probationary one
for code in $(sql "$V" "select code from branch b where not exists (select 1 from branch c where c.parent_id = b.id) order by code"); do
    bid=$(sql "$V" "select id from branch where code = '$code'")
    K=$(sql "$V" "select id from meeting where branch_id = $bid and kind = 'committee' and voided_at is null order by date desc limit 1")
    KD=$(sql "$V" "select date from meeting where id = '$K'")
    M=$(printf '%s' "$KD" | cut -c1-7)
    [ -n "$K" ] || continue
    "$ZHIBU" audit --db "$V" --month "$M" --branch "$code" --format csv >"$T/pick.csv" 2>/dev/null
    if [ "$(tail -1 "$T/pick.csv" | cut -d, -f7)" = pass ]; then B=$code; BID=$bid; break; fi
done
if [ -n "${B:-}" ]; then ok "a branch to record in ($B, committee $KD)"; else fail "a branch to record in" "none passes 党员管理"; B=$A; BID=$AID; fi
# the branch's secretary: an account of its own (the demo's shuji is $A's)
run_zhibu user add --db "$V" --login shuji_b --role secretary --branch "$B" --password-file "$T/pw" \
    --as admin --as-password-file "$T/pw"
expect_rc "a secretary for $B" 0
AS="--as shuji_b --as-password-file $T/pw"
APPLIED=$(sql "$V" "select date('$KD', '-60 days')")
TALK=$(sql "$V" "select date('$KD', '-40 days')")
BEFORE=$(sql "$V" "select date('$KD', '-62 days')")
G=$(sql "$V" "select id from meeting where branch_id = $BID and kind = 'general' and voided_at is null order by date desc limit 1")
F1=$(sql "$V" "select id from member where branch_id = $BID and status = 'full' and leave_status = '' and full_date < '2025-01-01' order by id limit 1")
F2=$(sql "$V" "select id from member where branch_id = $BID and status = 'full' and leave_status = '' and full_date < '2025-01-01' order by id limit 1 offset 1")
P=$(sql "$V" "select id from member where branch_id = $BID and status = 'probationary' and leave_status = '' order by id limit 1")
if [ -n "$K" ] && [ -n "$G" ] && [ -n "$F1" ] && [ -n "$F2" ] && [ -n "$P" ]; then ok "the branch's records to use ($K $KD, $G, $F1 $F2, $P)"
else fail "the branch's records to use" "[$K] [$G] [$F1] [$F2] [$P]"; fi
JOURNAL="select count(*) from history where table_name in ('candidate', 'candidate_step')"
before=$(sql "$V" "$JOURNAL")
run_zhibu candidate add --db "$V" --branch "$B" --name 测试申请人 --gender F --birth 1996-04-02 \
    --applied "$APPLIED" --as admin --as-password-file "$T/pw"
expect_rc "the administrator adds a person: refused (the ledger is the secretary's)" 1
if [ "$B" != "$A" ]; then
    run_zhibu candidate add --db "$V" --branch "$B" --name 测试申请人 --gender F --birth 1996-04-02 \
        --applied "$APPLIED" --as shuji --as-password-file "$T/pw"
    expect_rc "another branch's secretary adds a person: refused" 1
fi
run_zhibu candidate add --db "$V" --branch "$B" --name 测试申请人 --gender F --birth 1996-04-02 \
    --applied "$APPLIED" --category farmer $AS
expect_rc "candidate add: exit 0" 0
ID=$(cat "$T/out")
expect_eq "candidate add: the row and its application step" \
    "$(sql "$V" "select c.stage||' '||t.kind||' '||t.date from candidate c join candidate_step t on t.candidate_id = c.id where c.id = '$ID'")" \
    "applicant apply $APPLIED"
expect_eq "candidate add: journaled (the person and the step)" "$(($(sql "$V" "$JOURNAL") - before))" 2
run_zhibu candidate add --db "$V" --branch "$B" --name 少年 --gender M --birth 2010-01-01 --applied 2026-09-01 $AS
expect_rc "an applicant under 18: exit 1" 1
expect_contains "an applicant under 18: said" "$T/err" "未满18周岁"
run_zhibu candidate add --db "$V" --branch "$B" --name 未生 --gender M --birth 2026-10-01 --applied 2026-09-01 $AS
expect_rc "an application before birth: exit 1" 1
expect_contains "an application before birth: said" "$T/err" "日期不能早于出生日期"
run_zhibu candidate add --db "$V" --branch 9999999999 --name 某人 --gender M --applied 2026-09-01 $AS
expect_rc "candidate add to an unknown branch: exit 2" 2
run_zhibu candidate add --db "$V" --branch "$B" --name 某人 --gender X --applied 2026-09-01 $AS
expect_rc "a bad gender code: exit 1" 1
step() { run_zhibu candidate step --db "$V" --id "$ID" "$@" $AS; }
n0=$(sql "$V" "select count(*) from candidate_step where candidate_id = '$ID'")
step --kind activist --date "$KD" --meeting "$K" --person "$F1" --person2 "$F2"
expect_rc "activist before the talk: exit 1" 1
expect_contains "activist before the talk: said" "$T/err" "须先进行入党谈话"
step --kind talk --date "$BEFORE"
expect_rc "a talk before the application: exit 1" 1
expect_contains "a talk before the application: said" "$T/err" "日期不能早于递交入党申请书（$APPLIED）"
step --kind talk --date 2026-02-30
expect_rc "a date that is not one: exit 1" 1
step --kind interview --date 2026-09-10
expect_rc "an unknown step: exit 1" 1
expect_contains "an unknown step: said" "$T/err" "未知的发展步骤"
run_zhibu candidate step --db "$V" --id "$ID" --kind talk --date "$TALK" --as shencha --as-password-file "$T/pw"
expect_rc "a reviewer records a step: refused" 1
expect_eq "the refusals wrote nothing" "$(sql "$V" "select count(*) from candidate_step where candidate_id = '$ID'")" "$n0"
step --kind talk --date "$TALK" --person "$F1"
expect_rc "the talk: exit 0" 0
step --kind activist --date "$KD" --person "$F1" --person2 "$F2"
expect_rc "activist without the committee's record: exit 1" 1
expect_contains "activist without the committee's record: said" "$T/err" "须关联作出决定的支部委员会会议记录"
step --kind activist --date "$KD" --meeting "$G" --person "$F1" --person2 "$F2"
expect_rc "activist decided at a general meeting: exit 1" 1
expect_contains "activist decided at a general meeting: said" "$T/err" "所关联的会议不是支部委员会"
step --kind activist --date "$KD" --meeting "$K" --person "$F1" --person2 "$P"
expect_rc "a probationary 培养联系人: exit 1" 1
expect_contains "a probationary 培养联系人: said" "$T/err" "不是正式党员"
step --kind activist --date "$KD" --meeting "$K" --person "$F1"
expect_rc "one 培养联系人: exit 1" 1
expect_contains "one 培养联系人: said" "$T/err" "须指定2名培养联系人"
step --kind activist --date "$KD" --meeting "$K" --person "$F1" --person2 "$F2"
expect_rc "activist at the committee's record: exit 0" 0
step --kind candidate --date "$KD" --meeting "$K"
expect_rc "发展对象 the same day: exit 1" 1
expect_contains "发展对象 too early: said with the earliest day" "$T/err" "未满12个月，最早可于"
step --kind review --date 2026-11-20
expect_rc "政审 before 发展对象: exit 1" 1
expect_contains "政审 before 发展对象: said" "$T/err" "须先确定为发展对象"
step --kind stop --date 2026-11-20
expect_rc "a stop without its reason: exit 1" 1
expect_contains "a stop without its reason: said" "$T/err" "中止培养须填写原因"
run_zhibu list candidates --db "$V" --branch "$B" --format csv
expect_contains "the activist listed with the next 考察 due" "$T/out" \
    "$B,测试申请人,activist,$KD,observe,$(/usr/bin/python3 -c '
import sys, datetime
d = datetime.date.fromisoformat(sys.argv[1]); m = d.month + 3; y = d.year + (m - 1) // 12; m = (m - 1) % 12 + 1
print(datetime.date(y, m, min(d.day, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)).isoformat())' "$KD"),0"
run_zhibu candidate list --db "$V" --branch "$B" --format csv
expect_rc "candidate list: exit 0" 0
expect_contains "candidate list: the id first" "$T/out" "$ID,$B,测试申请人,activist,"
run_zhibu verify --db "$V"
expect_rc "the journal verifies after the pipeline's writes" 0

# ---- through a bundle: village → township ----
run_zhibu office kind --db "$V" village --as admin --as-password-file "$T/pw"
expect_rc "the demo made a village's" 0
VFPR=$("$ZHIBU" office show --db "$V" | sed -n 's/^指纹：//p')
run_zhibu bundle export --db "$V" --branch "$B" --out "$T/a.zbx"
expect_rc "bundle export: exit 0" 0
expect_eq "bundle: the people and their steps travel" \
    "$(sqlite3 -batch -noheader -readonly "$T/a.zbx" "select value from manifest where key = 'rows:candidate'") $(sqlite3 -batch -noheader -readonly "$T/a.zbx" "select value from manifest where key = 'rows:candidate_step'")" \
    "$(sql "$V" "select count(*) from candidate where branch_id = $BID") $(sql "$V" "select count(*) from candidate_step t join candidate c on c.id = t.candidate_id where c.branch_id = $BID")"
run_zhibu init --test --db "$TW" --password-file "$T/pw" --office township --office-name 红旗镇党委
expect_rc "init the township" 0
run_zhibu bundle import --db "$TW" --trust "$VFPR" "$T/a.zbx"
expect_rc "bundle import at the township: exit 0" 0
for fmt in csv json; do
    run_zhibu list candidates --db "$V" --branch "$B" --format $fmt; cp "$T/out" "$T/v.$fmt"
    run_zhibu list candidates --db "$TW" --format $fmt; cp "$T/out" "$T/t.$fmt"
    if [ "$(wc -l <"$T/v.$fmt")" -gt 2 ] && cmp -s "$T/v.$fmt" "$T/t.$fmt"; then ok "the township's list candidates ($fmt) equals the village's"
    else fail "the township's list candidates ($fmt) equals the village's" "$(diff "$T/v.$fmt" "$T/t.$fmt" | head -6)"; fi
done
expect_contains "the hand-made activist at the township" "$T/t.csv" "$B,测试申请人,activist,$KD"
expect_eq "the township has the steps' meetings and contacts" \
    "$(sql "$TW" "select m.date||' '||m.kind||' '||p1.name||' '||p2.name from candidate_step t join meeting m on m.id = t.meeting_id join member p1 on p1.id = t.person_id join member p2 on p2.id = t.person2_id join candidate c on c.id = t.candidate_id where c.name = '测试申请人' and t.kind = 'activist'")" \
    "$(sql "$V" "select m.date||' '||m.kind||' '||p1.name||' '||p2.name from candidate_step t join meeting m on m.id = t.meeting_id join member p1 on p1.id = t.person_id join member p2 on p2.id = t.person2_id where t.candidate_id = '$ID' and t.kind = 'activist'")"
run_zhibu verify --db "$TW"
expect_rc "the township's journal verifies" 0

# ---- the monthly review: a step whose meeting is gone ----
run_zhibu audit --db "$V" --month "$M" --branch "$B" --format json
expect_rc "audit json: exit 0" 0
expect_not_contains "the review: the step with its meeting is not listed" "$T/out" "发展党员步骤"
# the committee's record voided behind zhibu's back (the review reads what is there)
sql "$V" "update meeting set voided_at = '2026-11-20T08:00:00Z', void_reason = '测试' where id = $K"
run_zhibu audit --db "$V" --month "$M" --branch "$B" --format json
expect_rc "audit json after: exit 0" 0
expect_contains "the review (json) lists the step without its meeting" "$T/out" \
    "\"item\":\"members\",\"text\":\"1个发展党员步骤未关联作出决定的会议记录：测试申请人确定为入党积极分子（$KD）\",\"fails\":true"
expect_contains "the review (json): 党员管理 fails" "$T/out" "\"members\":\"fail\""
run_zhibu audit --db "$V" --month "$M" --branch "$B" --format csv
expect_rc "audit csv: exit 0" 0
expect_eq "the review (csv): 党员管理 passed before, fails now" "$(tail -1 "$T/pick.csv" | cut -d, -f7) $(tail -1 "$T/out" | cut -d, -f7)" "pass fail"
run_zhibu audit --db "$V" --month "$M" --branch "$B" --format text
expect_contains "the review (text) lists it" "$T/out" "未关联作出决定的会议记录"
