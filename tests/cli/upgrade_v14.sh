#!/bin/sh
# The upgrade of a database made by the previous version (schema 13) to schema 14 (issue 17: the
# journal's bytes). The fixture tests/fixtures/v13-demo.sql.gz is `sqlite3 .dump` of `zhibu demo
# --branches 2 --years 1 --seed 1` (ZHIBU_TODAY=2026-11-21) made by zhibu 710761a (schema 13).
# Opened by this zhibu the file is backed up first and upgraded: history_data keeps each entry's
# uuid, action and time in a compact form and its prev_hash as 0 where it is the hash of the
# previous entry of its chain, while the view history (read here by the sqlite3 shell, which
# has none of zhibu's functions) shows every entry byte for byte as before; verify says 完整; the
# file is smaller; a second open does nothing. Values that are not in the form zhibu writes (a
# prev_hash changed, a time in another form, a row uuid in upper case: tampering made before the
# upgrade) are kept as they were and still found after it; an entry deleted through the view
# after the upgrade is found as before. The upgraded branch's bundle imports into a township.
. "$(dirname "$0")/../lib.sh"

FIXTURE=$ROOT/tests/fixtures/v13-demo.sql.gz
export ZHIBU_TODAY=2026-11-21
load() {
    rm -f "$T/$1.db" "$T/$1.db-wal" "$T/$1.db-shm"
    gunzip -c "$FIXTURE" | sqlite3 -batch "$T/$1.db"
}
# journal DB — every entry as the view history shows it, in order, with each value's type
journal() {
    sqlite3 -batch -noheader "$1" "select id, quote(uuid), quote(table_name), quote(row_uuid),
        quote(action), quote(changed_at), quote(changed_by), quote(old_json), quote(new_json),
        quote(branch_id), quote(prev_hash), quote(hash) from history order by id"
}
size() { wc -c <"$1" | tr -d ' '; }

# ---- the upgrade ----
load up
expect_eq "the fixture is a schema-13 database" "$(sql "$T/up.db" "pragma user_version")" "13"
journal "$T/up.db" >"$T/before.txt"
BEFORE_SIZE=$(size "$T/up.db")
expect_upgraded "$T/up.db" 13 14 journal "the view history: every entry byte for byte as before"
expect_eq "the journal compared is not empty" "$(wc -l <"$T/after.txt" | tr -d ' ')" "2769"
expect_eq "stored: uuids as 16 bytes, actions as codes, times as seconds" \
    "$(sql "$T/up.db" "select count(*) from history_data where typeof(uuid) = 'blob' and length(uuid) = 16
        and typeof(action) = 'integer' and typeof(changed_at) = 'integer'")" "2769"
expect_eq "stored: every table name as its code (journal_form.c JZ_TABLES)" \
    "$(sql "$T/up.db" "select count(*) from history_data where typeof(table_name) = 'integer'")" "2769"
expect_eq "stored: the 2767 canonical row uuids as 16 bytes, the office's two others as their text" \
    "$(sql "$T/up.db" "select count(*) from history_data where typeof(row_uuid) = 'blob' and length(row_uuid) = 16")|$(sql "$T/up.db" "select group_concat(row_uuid) from history_data where typeof(row_uuid) = 'text'")" \
    "2767|3f3c293fc4d3d78dee0a9df614c91a8d,3f3c293fc4d3d78dee0a9df614c91a8d"
expect_eq "stored: every prev_hash kept as 0 (the previous hash of its chain, or '' for the first)" \
    "$(sql "$T/up.db" "select count(*) from history_data where prev_hash = 0 and typeof(prev_hash) = 'integer'")" "2769"
AFTER_SIZE=$(size "$T/up.db")
echo "# upgrade v13 -> v14: $BEFORE_SIZE -> $AFTER_SIZE bytes"
expect_eq "VACUUMed: no free pages left" "$(sql "$T/up.db" "pragma freelist_count")" "0"
if [ "$AFTER_SIZE" -lt "$BEFORE_SIZE" ]; then ok "the file is smaller"; else
    fail "the file is smaller" "$BEFORE_SIZE -> $AFTER_SIZE bytes"; fi
expect_eq "integrity" "$(sql "$T/up.db" "pragma integrity_check")" "ok"
run_zhibu verify --db "$T/up.db"
expect_rc "verify after the upgrade: exit 0" 0
expect_eq "verify after the upgrade: 完整" "$(head -1 "$T/out")" "完整"
expect_contains "verify after the upgrade: every entry checked" "$T/out" "已校验 2769 条日志"

# a second open does nothing: no second backup, the same file
expect_open_again_same "$T/up.db"
expect_eq "a new database: its entries written in the compact forms" \
    "$(sql "$T/new.db" "select count(*) = sum(typeof(uuid) = 'blob' and typeof(action) = 'integer'
        and typeof(changed_at) = 'integer' and typeof(prev_hash) = 'integer'
        and typeof(table_name) = 'integer') from history_data")" "1"
expect_eq "a new database: its canonical row uuids as 16 bytes" \
    "$(sql "$T/new.db" "select count(*) from history_data where typeof(row_uuid) = 'blob'")" \
    "$(sql "$T/new.db" "select count(*) from history where length(row_uuid) = 36 and row_uuid glob '????????-????-????-????-????????????'")"
run_zhibu verify --db "$T/new.db"
expect_rc "a new demo database verifies" 0

# ---- written after the upgrade: a change the journal records, then an entry deleted ----
run_zhibu verify --db "$T/up.db"
expect_rc "upgraded: verifies before the deletion" 0
DEL=$(sql "$T/up.db" "select id from history where branch_id = 3 order by id limit 1 offset 100")
NEXT=$(sql "$T/up.db" "select min(id) from history where branch_id = 3 and id > $DEL")
NEXT_PREV=$(sql "$T/up.db" "select prev_hash from history where id = $NEXT")
expect_eq "the next entry shows the deleted one's hash as its previous" "$NEXT_PREV" \
    "$(sql "$T/up.db" "select hash from history where id = $DEL")"
sql "$T/up.db" "delete from history where id = $DEL"
expect_eq "deleted through the view: the next entry still shows the same previous hash" \
    "$(sql "$T/up.db" "select prev_hash from history where id = $NEXT")" "$NEXT_PREV"
run_zhibu verify --db "$T/up.db"
expect_rc "an entry deleted after the upgrade: exit 1" 1
expect_contains "an entry deleted after the upgrade: its successor named" "$T/out" \
    "日志第 $NEXT 条（"
expect_contains "an entry deleted after the upgrade: as before, the entry before it deleted" "$T/out" \
    "与哈希链不符：它前面的日志被删除或改动"

# ---- tampering before the upgrade is still found after it ----
# three chains, one change each: a prev_hash (another entry's hash), a time in another form
# (a space for the T), a row uuid in upper case
load tam
P=$(sql "$T/tam.db" "select id from history where branch_id = 3 order by id limit 1 offset 50")
C=$(sql "$T/tam.db" "select id from history where branch_id = 2 order by id limit 1 offset 40")
R=$(sql "$T/tam.db" "select id from history where branch_id = 0 order by id limit 1 offset 2")
N=$(sql "$T/tam.db" "select id from history where branch_id = 1")
sql "$T/tam.db" "update history set prev_hash = (select hash from history where id = 2) where id = $P;
    update history set changed_at = replace(changed_at, 'T', ' ') where id = $C;
    update history set row_uuid = upper(row_uuid) where id = $R;
    update history set table_name = 'Branch' where id = $N"
journal "$T/tam.db" >"$T/tam-before.txt"
run_zhibu verify --db "$T/tam.db"
expect_rc "tampered schema-13 file: verify exit 1 (upgraded by this open)" 1
expect_eq "tampered: upgraded to 14 all the same" "$(sql "$T/tam.db" "pragma user_version")" "14"
journal "$T/tam.db" >"$T/tam-after.txt"
if cmp -s "$T/tam-before.txt" "$T/tam-after.txt"; then ok "tampered: the view shows every entry as before"; else
    fail "tampered: the view shows every entry as before" "$(diff "$T/tam-before.txt" "$T/tam-after.txt" | head -10)"; fi
expect_contains "tampered: the changed prev_hash found" "$T/out" \
    "日志第 $P 条（"
expect_contains "tampered: the time in another form found" "$T/out" "日志第 $C 条（"
expect_contains "tampered: the upper-case row uuid found" "$T/out" "日志第 $R 条（"
expect_contains "tampered: the table name written by hand found" "$T/out" "日志第 $N 条（"
expect_eq "tampered: the upper-case row uuid and the hand-written table name kept as text" \
    "$(sql "$T/tam.db" "select typeof(row_uuid) from history_data where id = $R")|$(sql "$T/tam.db" "select typeof(table_name) || ' ' || table_name from history_data where id = $N")" \
    "text|text Branch"
expect_eq "tampered: the changed values kept as text (nothing laundered)" \
    "$(sql "$T/tam.db" "select typeof(prev_hash) from history_data where id = $P")|$(sql "$T/tam.db" "select typeof(changed_at) from history_data where id = $C")|$(sql "$T/tam.db" "select row_uuid = upper(row_uuid) from history_data where id = $R")" \
    "text|text|1"

# ---- bad input through the view after the upgrade: kept as the text it would have been ----
load bad
run_zhibu list members --db "$T/bad.db" --format csv
B=$(sql "$T/bad.db" "select id from history where branch_id = 2 order by id limit 1 offset 10")
sql "$T/bad.db" "update history set changed_at = 1764039125, action = 1 where id = $B"
expect_eq "numbers written through the view: shown as their text, as a TEXT column kept them" \
    "$(sql "$T/bad.db" "select typeof(changed_at) || ' ' || changed_at || ' ' || typeof(action) || ' ' || action from history where id = $B")" \
    "text 1764039125 text 1"
# a row uuid and a table name changed through the view (other chains): the uuid kept as text
# (the triggers have only built-in SQL), the name of another journaled table as its code
U=$(sql "$T/bad.db" "select id from history where branch_id = 3 and table_name = 'member' order by id limit 1")
V=$(sql "$T/bad.db" "select id from history where branch_id = 0 and table_name = 'app_user' order by id limit 1")
OTHER=$(sql "$T/bad.db" "select uuid from member where id = (select max(id) from member)")
sql "$T/bad.db" "update history set row_uuid = '$OTHER' where id = $U; update history set table_name = 'member' where id = $V"
expect_eq "a row uuid written through the view: shown as written, kept as text" \
    "$(sql "$T/bad.db" "select row_uuid from history where id = $U")|$(sql "$T/bad.db" "select typeof(row_uuid) from history_data where id = $U")" \
    "$OTHER|text"
expect_eq "a table name written through the view: shown as written, kept as its code" \
    "$(sql "$T/bad.db" "select table_name from history where id = $V")|$(sql "$T/bad.db" "select typeof(table_name) from history_data where id = $V")" \
    "member|integer"
run_zhibu verify --db "$T/bad.db"
expect_rc "numbers written through the view: verify exit 1" 1
expect_contains "numbers written through the view: the entry named" "$T/out" "日志第 $B 条（"
expect_contains "a row uuid written through the view: the entry named" "$T/out" "日志第 $U 条（"
expect_contains "a table name written through the view: the entry named" "$T/out" "日志第 $V 条（"

# ---- the upgraded branch's bundle into a township of this zhibu ----
export ZHIBU_TODAY=2026-11-22
LEAF=1101010001
load exp
run_zhibu bundle export --db "$T/exp.db" --branch "$LEAF" --out "$T/b14.zbx"
expect_rc "the upgraded branch exported by this zhibu" 0
printf 'town1234\n' >"$T/pw"
run_zhibu init --test --db "$T/tw.db" --password-file "$T/pw" --office township --office-name 红旗镇党委
expect_rc "a township of this zhibu" 0
run_zhibu bundle import --db "$T/tw.db" $(trust_of "$T/b14.zbx") "$T/b14.zbx"
expect_rc "the upgraded branch's bundle imports" 0
run_zhibu verify --db "$T/tw.db"
expect_rc "the township verifies" 0
