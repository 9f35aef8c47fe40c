#!/bin/sh
# The upgrade of a schema-13 database to schema 14, part fts (issue 17): meeting_fts made again
# without positions (detail=none). The fixture tests/fixtures/v13-demo.sql.gz is `sqlite3 .dump`
# of `zhibu demo --branches 2 --years 1 --seed 1` made by zhibu 710761a (schema 13). Before the
# upgrade, the records each search should find are counted on the schema-13 file as that zhibu
# searched (1-2 characters: instr; 3+: the FTS5 phrase over detail=full); after it, the secretary's
# meeting list finds the same number with the same searches (1, 2, 3, 4, 5 characters, Chinese,
# digits, Latin letters of either case, and queries whose trigrams the records hold only apart,
# which the new index names as candidates). dues_payment_branch_date is dropped, its statements
# served by dues_payment_branch_from. The upgrade is backed up and told; verify says 完整;
# a second open does nothing; the index follows new records (its triggers) and its own check.
. "$(dirname "$0")/../lib.sh"

FIXTURE=$ROOT/tests/fixtures/v13-demo.sql.gz
export ZHIBU_TODAY=2026-11-21
DB=$T/up.db
gunzip -c "$FIXTURE" | sqlite3 -batch "$DB"
expect_eq "the fixture is a schema-13 database" "$(sql "$DB" "pragma user_version")" "13"
expect_eq "its index keeps positions (detail=full)" \
    "$(sql "$DB" "select instr(sql, 'detail=') from sqlite_schema where name = 'meeting_fts'")" "0"
BRANCH=$(sql "$DB" "select branch_id from app_user where login = 'shuji'")

# The searches: each with the count the schema-13 zhibu gave (the secretary's list: her branch,
# records not voided). "合工作进" and "习讨论本": their trigrams are in the records, never together.
QUERIES='会
党费
会议由
讨论本组
严守纪律规
11人
合工作进
习讨论本
PLAN
plan
不存在的议题'
old_count() {
    q=$(printf '%s' "$1" | sed "s/'/''/g")
    if [ "$(printf '%s' "$1" | wc -m)" -lt 3 ]; then
        sql "$DB" "select count(*) from meeting where branch_id = $BRANCH and voided_at is null
            and (instr(topics, '$q') > 0 or instr(minutes, '$q') > 0)"
    else
        sql "$DB" "select count(*) from meeting where branch_id = $BRANCH and voided_at is null
            and id in (select rowid from meeting_fts where meeting_fts match '\"$q\"')"
    fi
}
printf '%s\n' "$QUERIES" | while IFS= read -r q; do printf '%s|%s\n' "$q" "$(old_count "$q")"; done \
    >"$T/want.txt"
expect_eq "the searches find records before the upgrade (会, 党费, 会议由, 讨论本组, 严守纪律规, 11人)" \
    "$(head -6 "$T/want.txt" | awk -F'|' '$2 > 0' | wc -l | tr -d ' ')" "6"

# ---- the upgrade ----
BEFORE_SIZE=$(wc -c <"$DB" | tr -d ' ')
run_zhibu list members --db "$DB" --format csv
expect_rc "opened (and upgraded) by this zhibu" 0
expect_contains "the upgrade is told" "$T/err" "数据库已升级到版本 14"
expect_eq "user_version is 14" "$(sql "$DB" "pragma user_version")" "14"
AFTER_SIZE=$(wc -c <"$DB" | tr -d ' ')
echo "# upgrade v13 -> v14: $BEFORE_SIZE -> $AFTER_SIZE bytes"
[ "$AFTER_SIZE" -lt "$BEFORE_SIZE" ] && ok "the file is smaller" ||
    fail "the file is smaller" "$BEFORE_SIZE -> $AFTER_SIZE bytes"
BAK=$(ls "$T"/up.db.v13-*.bak 2>/dev/null | head -1)
if [ -n "$BAK" ]; then ok "a backup was written beside it"; else fail "a backup was written beside it" "$(ls "$T")"; fi
[ -n "$BAK" ] && expect_eq "the backup is at version 13" "$(sql "$BAK" "pragma user_version")" "13"
expect_eq "the index has no positions, no sizes (detail=none, columnsize=0)" \
    "$(sql "$DB" "select instr(sql, 'detail=none') > 0, instr(sql, 'columnsize=0') > 0 from sqlite_schema
        where name = 'meeting_fts'")|$(sql "$DB" "select count(*) from sqlite_schema where name = 'meeting_fts_docsize'")" "1|1|0"
expect_eq "the index's triggers are there" \
    "$(sql "$DB" "select group_concat(name, ' ') from (select name from sqlite_schema
        where type = 'trigger' and tbl_name = 'meeting' and name like 'meeting_fts_%' order by name)")" \
    "meeting_fts_delete meeting_fts_insert meeting_fts_update"
[ "$(sql "$DB" "select count(*) from meeting m where branch_id = $BRANCH and voided_at is null and id in
    (select rowid from meeting_fts where meeting_fts match '\"合工作\" AND \"工作进\"')")" -gt 0 ] &&
    ok "a query's trigrams apart make candidates in the secretary's branch" ||
    fail "a query's trigrams apart make candidates in the secretary's branch" "none: the test proves nothing"

# the dues indexes: (branch_id, paid_date) dropped, (branch_id, voided_at, from_month) serving
# its statements, none of them a scan of the table
expect_eq "dues_payment_branch_date dropped, the other dues indexes kept" \
    "$(sql "$DB" "select group_concat(name, ' ') from (select name from sqlite_schema where type = 'index'
        and tbl_name in ('dues_payment', 'dues_allocation') and name not like 'sqlite_%' order by name)")" \
    "dues_allocation_month dues_payment_branch_from dues_payment_member dues_payment_voided"
expect_eq "the receipt number's check seeks the branch's payments" \
    "$(sql "$DB" "explain query plan select count(*) from dues_payment where branch_id = ?1
        and paid_date >= ?2 and paid_date < ?3 and receipt_no = ?4 and voided_at is null" | grep -c 'SEARCH dues_payment USING INDEX dues_payment_branch_from')" "1"
expect_eq "a branch's payments for the exchange: the same index" \
    "$(sql "$DB" "explain query plan select zt_.id, zt_.paid_date from dues_payment zt_ where zt_.branch_id = ?1" | grep -c 'SEARCH zt_ USING INDEX dues_payment_branch_from')" "1"

run_zhibu verify --db "$DB"
expect_rc "verify after the upgrade: exit 0" 0
expect_eq "verify after the upgrade: 完整" "$(head -1 "$T/out")" "完整"

# ---- the same searches in the secretary's meeting list ----
login_demo shuji
{
    printf '1\n'
    printf '%s\n' "$QUERIES" | awk '{ printf "/<C-u>%s\n<Enter>\n:dump q%d.txt\n", $0, NR }'
} >"$T/search.keys.in"
run_script search 100x30 <"$T/search.keys.in"
i=0
printf '%s\n' "$QUERIES" | while IFS= read -r q; do
    i=$((i + 1))
    want=$(sed -n "${i}p" "$T/want.txt" | cut -d'|' -f2)
    got=$(grep -o '共 [0-9]* 条' "$T/q$i.txt" 2>/dev/null | head -1 | tr -dc '0-9')
    expect_eq "search [$q] finds as many records as before the upgrade ($want)" "$got" "$want"
done
expect_not_contains "no search failed" "$T/q1.txt" "失败"

# ---- a second open does nothing; the index follows the records ----
run_zhibu list members --db "$DB" --format csv
expect_rc "opened again" 0
expect_eq "opened again: still one backup, version 14" \
    "$(ls "$T"/up.db.v*.bak | wc -l | tr -d ' ')|$(sql "$DB" "pragma user_version")" "1|14"
cp "$DB" "$T/check.db"
expect_eq "the index matches the records (FTS5 integrity-check)" \
    "$(sqlite3 -batch "$T/check.db" "insert into meeting_fts(meeting_fts, rank) values ('integrity-check', 1)" 2>&1)" ""
sqlite3 -batch "$T/check.db" "update meeting set minutes = minutes || 'ZHIBU检索测试' where id = (select min(id) from meeting)"
expect_eq "the update trigger indexes an edited record" \
    "$(sql "$T/check.db" "select count(*) from meeting_fts where meeting_fts match '\"检索测\" AND \"索测试\"'")" "1"
