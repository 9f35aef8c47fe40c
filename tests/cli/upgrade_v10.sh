#!/bin/sh
# The upgrade of a database made by the previous version (schema 9) to schema 10: the fixture
# tests/fixtures/v9-demo.sql.gz is `sqlite3 .dump` of `zhibu demo --branches 1 --years 1
# --seed 1` made by zhibu 20000c4 (schema 9). Opened by this zhibu it is backed up first (the
# backup is the file as it was), upgraded to version 10 with every row's content unchanged,
# verified clean, not larger (VACUUMed: no free pages), and a second open changes nothing. A
# tampered row is still reported after the upgrade (the upgrade launders nothing), a read-only
# file is refused untouched, a file with dangling references (a payment deleted behind zhibu's
# back) still upgrades and is reported, and an upgrade that fails after its SQL ran leaves the file at
# version 9 as it was. Bundles: the fixture's branch exported by zhibu 20000c4
# (tests/fixtures/v9-branch.zbx.gz, made from the same database) imports into a township of this
# zhibu, and the same branch exported by this zhibu after the upgrade then imports as 未变 row
# for row (the rows keep their identity across the versions).
. "$(dirname "$0")/../lib.sh"

FIXTURE=$ROOT/tests/fixtures/v9-demo.sql.gz
# load NAME — the fixture as a schema-9 database $T/NAME.db (with the free pages of a ledger
# that has had rows deleted)
load() {
    rm -f "$T/$1.db" "$T/$1.db-wal" "$T/$1.db-shm"
    gunzip -c "$FIXTURE" | sqlite3 -batch "$T/$1.db"
    sqlite3 -batch "$T/$1.db" "create table zz_scratch(x); insert into zz_scratch
        select randomblob(1000) from generate_series(1, 300); drop table zz_scratch;" 2>/dev/null ||
    sqlite3 -batch "$T/$1.db" "create table zz_scratch(x); with recursive n(i) as (select 1 union all
        select i + 1 from n where i < 300) insert into zz_scratch select randomblob(1000) from n;
        drop table zz_scratch;"
}
# content DB — every table's row count (the journal's own tables aside: the journal's part of
# the upgrade may rewrite how an entry is stored, verify is its proof; dues_paid_year is new in
# 10, the review's sums of the allocations, tested with the review; the district's tables are new
# in 11 and issue 19's in 12, empty after the upgrade, checked below) and the content columns
# of the ledger's rows, references given by uuid
content() {
    for t in $(sql "$1" "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'
            and name not like 'meeting_fts%' and name not in ('history', 'journal_import', 'meta',
            'history_data', 'history_dict', 'journal_import_data', 'dues_paid_year',
            'station', 'township', 'township_branch', 'district_office', 'district_verdict',
            'spot_check', 'candidate', 'candidate_step', 'appraisal_result', 'committee_term',
            'office_term', 'dues_remittance')
            order by name"); do
        printf '%s %s\n' "$t" "$(sql "$1" "select count(*) from \"$t\"")"
    done
    sql "$1" "select uuid, branch_id, ifnull(group_id, 0), name, gender, birth_date, join_date, full_date,
        status, office, leave_status, leave_date, dues_category, mobile from member order by uuid"
    sql "$1" "select uuid, branch_id, ifnull(group_id, 0), kind, also_mask, date, start_time, end_time,
        place, host_id, topics, minutes, expected, present, on_leave, absent, quorum, missing_mask,
        ifnull(voided_at, '') from meeting order by uuid"
    sql "$1" "select m.uuid, p.uuid, a.voting, a.mark, a.reason, a.excused, a.seq
        from meeting_attendance a join meeting m on m.id = a.meeting_id join member p on p.id = a.member_id
        order by 1, 2"
    sql "$1" "select p.uuid, m.uuid, p.paid_date, p.receipt_no, p.from_month, p.to_month, p.amount,
        p.note, ifnull(p.voided_at, '') from dues_payment p join member m on m.id = p.member_id order by 1"
    sql "$1" "select p.uuid, a.month, a.amount, m.uuid from dues_allocation a
        join dues_payment p on p.id = a.payment_id join member m on m.id = a.member_id order by 1, 2"
    sql "$1" "select r.uuid, m.uuid, r.seq, r.text, r.votes_for, r.votes_against, r.votes_abstain
        from meeting_resolution r join meeting m on m.id = r.meeting_id order by 1"
    sql "$1" "select count(*), ifnull(max(id), 0) from history"
}
size() { wc -c <"$1" | tr -d ' '; }

# ---- the upgrade ----
load up
expect_eq "the fixture is a schema-9 database" "$(sql "$T/up.db" "pragma user_version")" "9"
content "$T/up.db" >"$T/before.txt"
BEFORE_SIZE=$(size "$T/up.db")
BEFORE_FREE=$(sql "$T/up.db" "pragma freelist_count")
cp "$T/up.db" "$T/up-orig.db"
expect_upgraded "$T/up.db" 9 14 content "every row count and content value unchanged"
expect_eq "the content compared is not empty (attendance, allocations there)" \
    "$(sql "$T/up.db" "select (select count(*) from meeting_attendance) > 100 and (select count(*) from dues_allocation) > 100")" "1"
sqlite3 -batch "$T/up.db" "pragma wal_checkpoint(truncate)" >/dev/null
AFTER_SIZE=$(size "$T/up.db")
echo "# upgrade v9 -> v10: $BEFORE_SIZE bytes ($BEFORE_FREE free pages) -> $AFTER_SIZE bytes"
expect_eq "VACUUMed: no free pages left" "$(sql "$T/up.db" "pragma freelist_count")" "0"
if [ "$AFTER_SIZE" -lt "$BEFORE_SIZE" ]; then ok "the file is smaller"; else
    fail "the file is smaller" "$BEFORE_SIZE -> $AFTER_SIZE bytes"; fi
expect_eq "integrity" "$(sql "$T/up.db" "pragma integrity_check")" "ok"
run_zhibu verify --db "$T/up.db"
expect_rc "verify after the upgrade: exit 0" 0
expect_eq "verify after the upgrade: 完整" "$(head -1 "$T/out")" "完整"

expect_eq "the district's tables (new in 11) are there and empty" \
    "$(sql "$T/up.db" "select (select count(*) from station) + (select count(*) from township) + (select count(*) from township_branch) + (select count(*) from district_office) + (select count(*) from district_verdict) + (select count(*) from spot_check)")" "0"
expect_eq "issue 19's tables (new in 12) are there and empty" \
    "$(sql "$T/up.db" "select (select count(*) from candidate) + (select count(*) from candidate_step) + (select count(*) from appraisal_result) + (select count(*) from committee_term) + (select count(*) from office_term) + (select count(*) from dues_remittance)")" "0"
expect_eq "member.category (new in 12): there, every member not recorded" \
    "$(sql "$T/up.db" "select count(*) from member where category <> ''")/$(sql "$T/up.db" "select count(*) from pragma_table_info('member') where name = 'category'")" "0/1"
# the accounts (schema 11 rebuilt app_user for the inspector's role): every id, uuid, login,
# role, branch and password hash as it was; the old passwords still log in; the role check
# takes the inspector now
users() { sql "$1" "select id, uuid, login, display_name, role, ifnull(branch_id, ''), pw_hash, disabled, created_at from app_user order by id"; }
expect_eq "accounts: every row as it was" "$(users "$T/up.db")" "$(users "$T/up-orig.db")"
expect_eq "accounts: three of them" "$(sql "$T/up.db" "select count(*) from app_user")" "3"
printf 'demo1234\n' >"$T/demo.pw"
run_zhibu user list --db "$T/up.db" --as admin --as-password-file "$T/demo.pw" --format csv
expect_rc "accounts: the administrator logs in with the old password" 0
expect_contains "accounts: the secretary and her branch" "$T/out" "shuji,郭俊明,支部书记,"
expect_contains "accounts: the reviewer" "$T/out" "shencha,镇审查组李敏,审查员,全部,"
printf 'newpass99\n' >"$T/new.pw"
run_zhibu user passwd --db "$T/up.db" --as shuji --as-password-file "$T/demo.pw" --login shuji --password-file "$T/new.pw"
expect_rc "accounts: the secretary logs in with the old password (and changes it)" 0
printf 'wrongpass\n' >"$T/wrong.pw"
run_zhibu user list --db "$T/up.db" --as admin --as-password-file "$T/wrong.pw" --format csv
expect_rc "accounts: a wrong password is still refused" 1
expect_eq "accounts: app_user takes the inspector's role and station" \
    "$(sql "$T/up.db" "select count(*) from pragma_table_info('app_user') where name = 'station_id'")/$(sql "$T/up.db" "select sql like '%inspector%' from sqlite_schema where name = 'app_user'")" "1/1"
run_zhibu verify --db "$T/up.db"
expect_rc "verify after the logins: exit 0" 0

# a second open does nothing: no second backup, the same content and schema
sql "$T/up.db" "select type, name, ifnull(sql, '') from sqlite_schema order by name" >"$T/schema1.txt"
content "$T/up.db" >"$T/again1.txt"
sqlite3 -batch "$T/up.db" ".dump" >"$T/dump1.sql"
run_zhibu list members --db "$T/up.db" --format csv
expect_rc "opened again" 0
expect_eq "opened again: still one backup" "$(ls "$T"/up.db.v*.bak | wc -l | tr -d ' ')" "1"
sqlite3 -batch "$T/up.db" ".dump" >"$T/dump2.sql"
if cmp -s "$T/dump1.sql" "$T/dump2.sql"; then ok "opened again: the database unchanged"; else
    fail "opened again: the database unchanged" "$(diff "$T/dump1.sql" "$T/dump2.sql" | head -5)"; fi

# a new database is made directly at version 10, with the same schema as an upgraded one
run_zhibu demo --db "$T/new.db" --branches 1 --years 1 --seed 1
expect_rc "a new demo database" 0
expect_eq "a new database is at version 14" "$(sql "$T/new.db" "pragma user_version")" "14"
expect_eq "a new database has the upgraded one's tables, indexes and triggers" \
    "$(sql "$T/new.db" "select type, name, ifnull(sql, '') from sqlite_schema order by name" | md5sum)" \
    "$(md5sum <"$T/schema1.txt")"

# ---- bad input: a tampered row is still reported after the upgrade ----
load tam
MUUID=$(sql "$T/tam.db" "select uuid from meeting where voided_at is null order by id limit 1 offset 3")
PUUID=$(sql "$T/tam.db" "select uuid from member order by id limit 1 offset 2")
sql "$T/tam.db" "update meeting set date = '2019-01-01' where uuid = '$MUUID';
    update meeting_attendance set mark = 'absent', reason = '改过' where meeting_id = (select id from
      meeting where uuid = '$MUUID') and id = (select min(a.id) from meeting_attendance a join meeting m
      on m.id = a.meeting_id where m.uuid = '$MUUID');
    update member set name = '改名' where uuid = '$PUUID'"
run_zhibu verify --db "$T/tam.db"
expect_rc "tampered schema-9 file: verify exit 1 (upgraded by this open)" 1
expect_eq "tampered: upgraded to 14 all the same" "$(sql "$T/tam.db" "pragma user_version")" "14"
expect_contains "tampered: the meeting still named after the upgrade" "$T/out" "会议 $(echo "$MUUID" | cut -c1-8) 的当前内容与日志不符"
expect_contains "tampered: the member still named after the upgrade" "$T/out" "$(echo "$PUUID" | cut -c1-8)"
expect_contains "tampered: two problems" "$T/out" "发现 2 个问题"
expect_eq "tampered: the tampered values kept as they were (nothing laundered)" \
    "$(sql "$T/tam.db" "select date from meeting where uuid = '$MUUID'")|$(sql "$T/tam.db" "select name from member where uuid = '$PUUID'")" \
    "2019-01-01|改名"

# a payment deleted behind zhibu's back, its allocations left pointing at it (references that
# the database's own foreign keys would refuse): the file still upgrades, verify names it
load dang
DUUID=$(sql "$T/dang.db" "select uuid from dues_payment where voided_at is null order by id limit 1 offset 5")
sql "$T/dang.db" "pragma foreign_keys = off; delete from dues_payment where uuid = '$DUUID'"
expect_eq "dangling: the allocations point at a payment that is gone" \
    "$(sql "$T/dang.db" "select count(*) > 0 from pragma_foreign_key_check('dues_allocation')")" "1"
run_zhibu verify --db "$T/dang.db"
expect_rc "dangling references: verify exit 1 (upgraded by this open)" 1
expect_eq "dangling references: upgraded to 14 all the same" "$(sql "$T/dang.db" "pragma user_version")" "14"
expect_contains "dangling references: the payment named as deleted" "$T/out" "交费记录 $(echo "$DUUID" | cut -c1-8) 已被删除"

# ---- a read-only file: refused, untouched, no backup ----
load ro
upgrade_refused_read_only "$T/ro.db"

# ---- an upgrade that fails after its SQL ran: the file stays at version 9 as it was ----
load fail
sql "$T/fail.db" "pragma journal_mode = wal" >/dev/null
content "$T/fail.db" >"$T/fail-before.txt"
sql "$T/fail.db" "select type, name, ifnull(sql, '') from sqlite_schema order by name" >"$T/fail-schema.txt"
ZHIBU_TEST_FAIL_UPGRADE=10 run_zhibu list members --db "$T/fail.db" --format csv
expect_eq "failed upgrade: refused" "$([ "$RC" -ne 0 ] && echo refused)" "refused"
expect_contains "failed upgrade: says which version failed" "$T/err" "升级到版本 10 失败"
expect_eq "failed upgrade: still version 9" "$(sql "$T/fail.db" "pragma user_version")" "9"
content "$T/fail.db" >"$T/fail-after.txt"
if cmp -s "$T/fail-before.txt" "$T/fail-after.txt"; then ok "failed upgrade: the content as it was"; else
    fail "failed upgrade: the content as it was" "$(diff "$T/fail-before.txt" "$T/fail-after.txt" | head -5)"; fi
expect_eq "failed upgrade: the schema as it was" \
    "$(sql "$T/fail.db" "select type, name, ifnull(sql, '') from sqlite_schema order by name" | md5sum)" \
    "$(md5sum <"$T/fail-schema.txt")"
expect_eq "failed upgrade: the backup was written first" "$(ls "$T"/fail.db.v9-*.bak 2>/dev/null | wc -l | tr -d ' ')" "1"
# the variable is for test databases only: a real ledger (no test mark) ignores it
load real
sql "$T/real.db" "drop trigger office_key_no_update; update office_key set test_clock = 0;" >/dev/null
ZHIBU_TEST_FAIL_UPGRADE=10 run_zhibu list members --db "$T/real.db" --format csv
expect_eq "a real ledger ignores ZHIBU_TEST_FAIL_UPGRADE" "$(sql "$T/real.db" "pragma user_version")" "14"
# and then the same file upgrades when nothing makes it fail
run_zhibu list members --db "$T/fail.db" --format csv
expect_rc "failed upgrade, opened again: upgraded" 0
expect_eq "failed upgrade, opened again: version 14" "$(sql "$T/fail.db" "pragma user_version")" "14"
run_zhibu verify --db "$T/fail.db"
expect_rc "failed upgrade, opened again: verify exit 0" 0

# ---- bundles across the versions ----
# (the fixture was made on 2026-12-03: the township's day is after it)
export ZHIBU_TODAY=2027-06-30
printf 'town1234\n' >"$T/pw"
run_zhibu init --test --db "$T/tw.db" --password-file "$T/pw" --office township --office-name 红旗镇党委
expect_rc "a township of this zhibu" 0
gunzip -c "$ROOT/tests/fixtures/v9-branch.zbx.gz" >"$T/b9.zbx"
LEAF=$(sql "$T/up.db" "select code from branch b where not exists (select 1 from branch c where c.parent_id = b.id)")
LEAFID=$(sql "$T/up.db" "select id from branch where code = '$LEAF'")
run_zhibu bundle import --db "$T/tw.db" $(trust_of "$T/b9.zbx") "$T/b9.zbx"
expect_rc "a schema-9 bundle imports into a schema-10 township" 0
expect_contains "the schema-9 bundle: its attendance all new" "$T/out" \
    "meeting_attendance: 新增 $(sql "$T/up.db" "select count(*) from meeting_attendance a join meeting m on m.id = a.meeting_id where m.branch_id = $LEAFID")，"
expect_contains "the schema-9 bundle: its allocations all new" "$T/out" \
    "dues_allocation: 新增 $(sql "$T/up.db" "select count(*) from dues_allocation a join dues_payment p on p.id = a.payment_id where p.branch_id = $LEAFID")，"
run_zhibu bundle export --db "$T/up.db" --branch "$LEAF" --out "$T/b10.zbx"
expect_rc "the upgraded branch exported by this zhibu" 0
run_zhibu bundle import --db "$T/tw.db" "$T/b10.zbx"
expect_rc "its schema-10 bundle imports after the schema-9 one" 0
expect_eq "the schema-10 bundle: nothing new, updated, kept or in conflict" \
    "$(grep -E '^[a-z_]+: ' "$T/out" | grep -cv '新增 0，更新 0，未变 [0-9]*，保留 0，冲突 0')" "0"
run_zhibu verify --db "$T/tw.db"
expect_rc "the township verifies" 0
