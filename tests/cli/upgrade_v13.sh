#!/bin/sh
# The upgrade of a database made by the previous version (schema 12) to schema 13 (issue 17:
# attendance and allocations keyed by their parent, without uuid, id or timestamps of their
# own). The fixture tests/fixtures/v12-demo.sql.gz is `sqlite3 .dump` of `zhibu demo --branches
# 2 --years 1 --seed 1` (ZHIBU_TODAY=2026-11-21) made by zhibu d33e213 (schema 12); its branch
# 1101010001 exported by that zhibu from the same database is tests/fixtures/v12-branch.zbx.gz
# (its attendance and allocation rows with random uuids of their own). Opened by this zhibu the
# file is backed up first, upgraded with every row and value the same (attendance and allocations
# compared by key), verified 完整, smaller; a second open does nothing; tampering made before the
# upgrade is still found after it; a read-only file is refused untouched; an upgrade that fails
# after its SQL leaves version 12 as it was. Bundles: the schema-12 bundle imports into a
# township of this zhibu and the upgraded branch's bundle then imports as 未变; in the other order
# (the schema-12 bundle after this zhibu's), its rows are matched by (meeting, member) and
# (payment, month): 未变 as well.
. "$(dirname "$0")/../lib.sh"

FIXTURE=$ROOT/tests/fixtures/v12-demo.sql.gz
export ZHIBU_TODAY=2026-11-21
load() {
    rm -f "$T/$1.db" "$T/$1.db-wal" "$T/$1.db-shm"
    gunzip -c "$FIXTURE" | sqlite3 -batch "$T/$1.db"
}
# content DB — every table's row count (the journal's own tables aside) and the content of the
# rows the upgrade rebuilt and of their parents, references given by uuid, children by key
content() {
    for t in $(sql "$1" "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'
            and name not like 'meeting_fts%' and name not in ('history_data', 'history_dict',
            'journal_import_data') order by name"); do
        printf '%s %s\n' "$t" "$(sql "$1" "select count(*) from \"$t\"")"
    done
    sql "$1" "select m.uuid, p.uuid, a.voting, a.mark, a.reason, a.excused, a.seq
        from meeting_attendance a join meeting m on m.id = a.meeting_id join member p on p.id = a.member_id
        order by 1, 2"
    sql "$1" "select p.uuid, a.month, a.amount, m.uuid from dues_allocation a
        join dues_payment p on p.id = a.payment_id join member m on m.id = a.member_id order by 1, 2"
    sql "$1" "select uuid, branch_id, kind, date, topics, minutes, expected, present, on_leave, absent,
        quorum, missing_mask, created_at, updated_at, ifnull(voided_at, '') from meeting order by uuid"
    sql "$1" "select uuid, member_id, paid_date, from_month, to_month, amount, created_at, updated_at,
        ifnull(voided_at, '') from dues_payment order by uuid"
    sql "$1" "select * from dues_paid_year order by year, member_id"
    sql "$1" "select count(*), max(id) from history_data"
}
size() { wc -c <"$1" | tr -d ' '; }

# ---- the upgrade ----
load up
expect_eq "the fixture is a schema-12 database" "$(sql "$T/up.db" "pragma user_version")" "12"
expect_eq "the fixture's attendance and allocations carry uuids" \
    "$(sql "$T/up.db" "select count(*) from pragma_table_info('meeting_attendance') where name = 'uuid'")$(sql "$T/up.db" "select count(*) from pragma_table_info('dues_allocation') where name = 'uuid'")" "11"
content "$T/up.db" >"$T/before.txt"
BEFORE_SIZE=$(size "$T/up.db")
expect_upgraded "$T/up.db" 12 14 content "every row count and value the same (children by key)"
expect_eq "the content compared is not empty" \
    "$(sql "$T/up.db" "select (select count(*) from meeting_attendance) > 1000 and (select count(*) from dues_allocation) > 1000")" "1"
expect_eq "attendance and allocations: no id, uuid or timestamps any more" \
    "$(sql "$T/up.db" "select count(*) from pragma_table_info('meeting_attendance') where name in ('id', 'uuid', 'created_at', 'updated_at')")$(sql "$T/up.db" "select count(*) from pragma_table_info('dues_allocation') where name in ('id', 'uuid', 'created_at', 'updated_at')")" "00"
expect_eq "both keyed by their parent (WITHOUT ROWID)" \
    "$(sql "$T/up.db" "select count(*) from sqlite_schema where name in ('meeting_attendance', 'dues_allocation') and sql like '%WITHOUT ROWID'")" "2"
expect_eq "the review's triggers and index on dues_allocation made again" \
    "$(sql "$T/up.db" "select group_concat(name, ' ') from (select name from sqlite_schema where tbl_name in ('dues_allocation', 'dues_payment') and type in ('trigger', 'index') and name like 'dues_%' order by name)")" \
    "dues_allocation_member dues_allocation_month dues_paid_year_delete dues_paid_year_insert dues_paid_year_update dues_paid_year_void dues_payment_branch_from dues_payment_member dues_payment_voided"
AFTER_SIZE=$(size "$T/up.db")
echo "# upgrade v12 -> v13: $BEFORE_SIZE -> $AFTER_SIZE bytes"
expect_eq "VACUUMed: no free pages left" "$(sql "$T/up.db" "pragma freelist_count")" "0"
if [ "$AFTER_SIZE" -lt "$BEFORE_SIZE" ]; then ok "the file is smaller"; else
    fail "the file is smaller" "$BEFORE_SIZE -> $AFTER_SIZE bytes"; fi
expect_eq "integrity" "$(sql "$T/up.db" "pragma integrity_check")" "ok"
expect_eq "foreign keys" "$(sql "$T/up.db" "select count(*) from pragma_foreign_key_check")" "0"
run_zhibu verify --db "$T/up.db"
expect_rc "verify after the upgrade: exit 0" 0
expect_eq "verify after the upgrade: 完整" "$(head -1 "$T/out")" "完整"

# a second open does nothing: no second backup, the same file
expect_open_again_same "$T/up.db"

# ---- tampering before the upgrade is still found after it ----
load tam
MUUID=$(sql "$T/tam.db" "select uuid from meeting where voided_at is null order by id limit 1 offset 3")
PUUID=$(sql "$T/tam.db" "select p.uuid from dues_payment p where (select count(*) from dues_allocation a where a.payment_id = p.id) > 1 order by p.id limit 1")
sql "$T/tam.db" "update meeting_attendance set mark = 'absent', reason = '改过' where id = (select min(a.id)
      from meeting_attendance a join meeting m on m.id = a.meeting_id where m.uuid = '$MUUID');
    update dues_allocation set amount = amount + 1 where id = (select max(a.id) from dues_allocation a
      join dues_payment p on p.id = a.payment_id where p.uuid = '$PUUID')"
run_zhibu verify --db "$T/tam.db"
expect_rc "tampered schema-12 file: verify exit 1 (upgraded by this open)" 1
expect_eq "tampered: upgraded to 14 all the same" "$(sql "$T/tam.db" "pragma user_version")" "14"
expect_contains "tampered: the meeting named after the upgrade" "$T/out" "会议 $(echo "$MUUID" | cut -c1-8) 的当前内容与日志不符"
expect_contains "tampered: the payment named after the upgrade" "$T/out" "交费记录 $(echo "$PUUID" | cut -c1-8) 的当前内容与日志不符"
expect_eq "tampered: the tampered values kept (nothing laundered)" \
    "$(sql "$T/tam.db" "select count(*) from meeting_attendance a join meeting m on m.id = a.meeting_id where m.uuid = '$MUUID' and a.reason = '改过'")" "1"

# ---- a meeting whose seq repeats (not written by zhibu): its list order kept ----
# Two neighbours in a meeting's list, the later one with the smaller member id, given the same
# seq: the list order (seq, id) and so the meeting's JSON are as the journal has them; after the
# upgrade (no id any more) the order must be the same, or verify would call the meeting changed.
load dup
DUP=$(sql "$T/dup.db" "select a.meeting_id || ' ' || b.id || ' ' || a.seq from meeting_attendance a
    join meeting_attendance b on b.meeting_id = a.meeting_id and b.seq = a.seq + 1
    where b.member_id < a.member_id and b.id > a.id order by a.meeting_id limit 1")
DMEET=${DUP%% *}; DREST=${DUP#* }; DROW=${DREST%% *}; DSEQ=${DREST#* }
ORDER_BEFORE=$(sql "$T/dup.db" "select group_concat(member_id) from (select member_id from meeting_attendance
    where meeting_id = $DMEET order by seq, id)")
sql "$T/dup.db" "update meeting_attendance set seq = $DSEQ where id = $DROW"
expect_eq "repeated seq: the list order as before (the journal's)" \
    "$(sql "$T/dup.db" "select group_concat(member_id) from (select member_id from meeting_attendance
    where meeting_id = $DMEET order by seq, id)")" "$ORDER_BEFORE"
run_zhibu verify --db "$T/dup.db"
expect_rc "repeated seq: verify after the upgrade exit 0" 0
expect_contains "repeated seq: 完整 after the upgrade" "$T/out" "完整"
expect_eq "repeated seq: the list order kept" \
    "$(sql "$T/dup.db" "select group_concat(member_id) from (select member_id from meeting_attendance
    where meeting_id = $DMEET order by seq, member_id)")" "$ORDER_BEFORE"

# ---- a read-only file: refused, untouched, no backup ----
load ro
upgrade_refused_read_only "$T/ro.db"

# ---- an upgrade that fails after its SQL ran: the file stays at version 12 as it was ----
load fail
content "$T/fail.db" >"$T/fail-before.txt"
sql "$T/fail.db" "select type, name, ifnull(sql, '') from sqlite_schema order by name" >"$T/fail-schema.txt"
ZHIBU_TEST_FAIL_UPGRADE=13 run_zhibu list members --db "$T/fail.db" --format csv
expect_eq "failed upgrade: refused" "$([ "$RC" -ne 0 ] && echo refused)" "refused"
expect_contains "failed upgrade: says which version failed" "$T/err" "升级到版本 13 失败"
expect_eq "failed upgrade: still version 12" "$(sql "$T/fail.db" "pragma user_version")" "12"
content "$T/fail.db" >"$T/fail-after.txt"
if cmp -s "$T/fail-before.txt" "$T/fail-after.txt"; then ok "failed upgrade: the content as it was"; else
    fail "failed upgrade: the content as it was" "$(diff "$T/fail-before.txt" "$T/fail-after.txt" | head -5)"; fi
expect_eq "failed upgrade: the schema as it was" \
    "$(sql "$T/fail.db" "select type, name, ifnull(sql, '') from sqlite_schema order by name" | md5sum)" \
    "$(md5sum <"$T/fail-schema.txt")"

# ---- bundles across the versions ----
export ZHIBU_TODAY=2026-11-22
gunzip -c "$ROOT/tests/fixtures/v12-branch.zbx.gz" >"$T/b12.zbx"
expect_eq "the schema-12 bundle says so" "$(manifest_value "$T/b12.zbx" schema_version)" "12"
LEAF=1101010001
LEAFID=$(sql "$T/up.db" "select id from branch where code = '$LEAF'")
NATT=$(sql "$BAK" "select count(*) from meeting_attendance a join meeting m on m.id = a.meeting_id where m.branch_id = $LEAFID")
NALLOC=$(sql "$BAK" "select count(*) from dues_allocation a join dues_payment p on p.id = a.payment_id where p.branch_id = $LEAFID")
run_zhibu bundle export --db "$T/up.db" --branch "$LEAF" --out "$T/b13.zbx"
expect_rc "the upgraded branch exported by this zhibu" 0
printf 'town1234\n' >"$T/pw"
# the schema-12 bundle first, then this zhibu's
run_zhibu init --test --db "$T/tw.db" --password-file "$T/pw" --office township --office-name 红旗镇党委
expect_rc "a township of this zhibu" 0
run_zhibu bundle import --db "$T/tw.db" $(trust_of "$T/b12.zbx") "$T/b12.zbx"
expect_rc "a schema-12 bundle imports into a schema-13 township" 0
expect_contains "the schema-12 bundle: its attendance all new" "$T/out" "meeting_attendance: 新增 $NATT，"
expect_contains "the schema-12 bundle: its allocations all new" "$T/out" "dues_allocation: 新增 $NALLOC，"
run_zhibu bundle import --db "$T/tw.db" $(trust_of "$T/b13.zbx") "$T/b13.zbx"
expect_rc "the schema-13 bundle imports after it" 0
expect_eq "the schema-13 bundle: nothing new, updated, kept or in conflict" \
    "$(grep -E '^[a-z_]+: ' "$T/out" | grep -cv '新增 0，更新 0，未变 [0-9]*，保留 0，冲突 0')" "0"
expect_contains "the schema-13 bundle: the attendance 未变" "$T/out" "meeting_attendance: 新增 0，更新 0，未变 $NATT，"
run_zhibu verify --db "$T/tw.db"
expect_rc "the township verifies" 0
# this zhibu's bundle first, then the schema-12 one: its rows matched by their keys
run_zhibu init --test --db "$T/tw2.db" --password-file "$T/pw" --office township --office-name 红旗镇党委
run_zhibu bundle import --db "$T/tw2.db" $(trust_of "$T/b13.zbx") "$T/b13.zbx"
expect_rc "the schema-13 bundle into a second township" 0
expect_contains "the schema-13 bundle: its attendance all new" "$T/out" "meeting_attendance: 新增 $NATT，"
run_zhibu bundle import --db "$T/tw2.db" $(trust_of "$T/b12.zbx") "$T/b12.zbx"
expect_rc "the schema-12 bundle after it" 0
expect_eq "the schema-12 bundle after it: nothing new, updated, kept or in conflict" \
    "$(grep -E '^[a-z_]+: ' "$T/out" | grep -cv '新增 0，更新 0，未变 [0-9]*，保留 0，冲突 0')" "0"
expect_contains "the schema-12 bundle after it: the allocations matched by (payment, month)" "$T/out" "dues_allocation: 新增 0，更新 0，未变 $NALLOC，"
expect_eq "the two townships hold the same attendance and allocations" \
    "$(sql "$T/tw2.db" "select count(*), sum(length(reason)) from meeting_attendance")|$(sql "$T/tw2.db" "select count(*), sum(amount) from dues_allocation")" \
    "$(sql "$T/tw.db" "select count(*), sum(length(reason)) from meeting_attendance")|$(sql "$T/tw.db" "select count(*), sum(amount) from dues_allocation")"
run_zhibu verify --db "$T/tw2.db"
expect_rc "the second township verifies" 0
