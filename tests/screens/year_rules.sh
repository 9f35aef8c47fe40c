#!/bin/sh
# 谈心谈话 with each member (talk_per_year) and the secretary's 党课 (secretary_lectures_per_year),
# issue 14: the December review (`zhibu audit`) names the members short of talks with their
# counts and the secretary short of lectures, November says nothing of them; the yearly summary
# (会议 → s 年度) shows the same under its table, pending (年末前待定) for the year still
# running. The numbers come from the config. Expectations are counted from the database itself.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB" --seed 3
expect_rc "demo" 0
login_demo shuji
BR=$(shuji_branch "$DB")
BID=$(sql "$DB" "select id from branch where code = '$BR'")

# members on the roster at 2025-12-31 and the 谈心谈话 each took part in during 2025
# (present in the attendance, or the host; a record not voided, of kind talk or also counted so)
TALKS="with talk as (select id, host_id from meeting where branch_id = $BID and voided_at is null
         and date between '2025-01-01' and '2025-12-31' and (kind = 'talk' or (also_mask & 128) <> 0)),
       part as (select a.member_id as mid, t.id as tid from talk t join meeting_attendance a
                  on a.meeting_id = t.id and a.mark = 'present'
                union select host_id, id from talk where host_id is not null)
       select m.name, (select count(*) from part where part.mid = m.id) as n from member m
       where m.branch_id = $BID and m.join_date <= '2025-12-31'
         and (m.leave_status = '' or m.leave_date > '2025-12-31')
         -- who came in December or later (joined, or transferred in) is not asked yet
         and m.join_date < '2025-12-01'
         and not exists (select 1 from member_transfer t where t.member_id = m.id and t.direction = 'in'
                         and t.date >= '2025-12-01')
       order by m.id"
ROSTER=$(sql "$DB" "$TALKS" | wc -l)
SHORT=$(sql "$DB" "select count(*) from ($TALKS) where n < 1")
FIRST=$(sql "$DB" "select name from ($TALKS) where n < 1 limit 1")
if [ "$SHORT" -gt 0 ]; then ok "the demo has members without a talk in 2025 ($SHORT of $ROSTER)"
else fail "the demo has members without a talk in 2025" "none"; fi
SEC=$(sql "$DB" "select name from member where branch_id = $BID and office = 'secretary'")
LECT=$(sql "$DB" "select count(*) from meeting m join member s on s.id = m.lecturer_id and s.office = 'secretary'
                  where m.branch_id = $BID and m.voided_at is null and m.date between '2025-01-01' and '2025-12-31'
                  and (m.kind = 'lecture' or (m.also_mask & 8) <> 0)")

# ---- the December review ----
run_zhibu audit --db "$DB" --month 2025-12 --branch "$BR" --format text
expect_rc "audit of December" 0
expect_contains "December names the members short of talks, with counts" "$T/out" \
    "本年度谈心谈话不足1次的党员${SHORT}名：${FIRST}（0次）"
expect_contains "and fails 三会一课 for it" "$T/out" "三会一课  未达标（扣 30 分）"
run_zhibu audit --db "$DB" --month 2025-11 --branch "$BR" --format text
expect_not_contains "November says nothing of the year's talks" "$T/out" "谈心谈话"

# numbers from the config: one lecture more than the secretary gave; no talk rule
sed -e "s/^secretary_lectures_per_year = .*/secretary_lectures_per_year = $((LECT + 1))/" \
    -e "s/^talk_per_year = .*/talk_per_year = 0/" "$ROOT/config/zhibu.ini" >"$T/strict.ini"
ZHIBU_CONFIG=$T/strict.ini run_zhibu audit --db "$DB" --month 2025-12 --branch "$BR" --format text
expect_contains "the secretary short of lectures is named, with the count" "$T/out" \
    "书记${SEC}本年度讲党课${LECT}次，应讲$((LECT + 1))次"
expect_not_contains "talk_per_year = 0: no talk rule" "$T/out" "谈心谈话"

# ---- the yearly summary ----
run_script summary 80x24 <<'KEYS'
1
s
:dump now.txt
<Left>
:dump last.txt
KEYS
expect_contains "2025: how many on the roster and how many had their talk" "$T/last.txt" \
    "谈心谈话（每名党员每年至少1次）：在册 ${ROSTER} 名，已达到 $((ROSTER - SHORT)) 名"
expect_contains "2025: the same sentence as the December review" "$T/last.txt" \
    "本年度谈心谈话不足1次的党员${SHORT}名：${FIRST}（0次）"
if [ "$LECT" -ge 1 ]; then
    expect_contains "2025: the secretary lectured enough" "$T/last.txt" "书记讲党课（每年至少1次）：已达到"
else
    expect_contains "2025: the secretary did not lecture" "$T/last.txt" "书记${SEC}本年度讲党课0次，应讲1次"
fi
expect_contains "the talks' rule in the table" "$T/last.txt" "每人每年1次"
expect_contains "2026 is still running: pending" "$T/now.txt" "（年末前待定）"
expect_fits "the summary fits 80x24" "$T/last.txt" 80 24
# a name and its count are never split over two lines
if grep -qE '（[0-9]+$|^ *[0-9]*次）' "$T/last.txt"; then fail "no name cut over two lines" "$(cat "$T/last.txt")"
else ok "no name cut over two lines"; fi
ZHIBU_CONFIG=$T/strict.ini run_script strict 80x24 <<'KEYS'
1
s
<Left>
:dump strict.txt
KEYS
expect_contains "the summary asks what the config asks" "$T/strict.txt" "书记讲党课（每年至少$((LECT + 1))次）："
expect_contains "and names the secretary" "$T/strict.txt" "书记${SEC}本年度讲党课${LECT}次，应讲$((LECT + 1))次"
expect_not_contains "no talk line when the config asks none" "$T/strict.txt" "谈心谈话（"
