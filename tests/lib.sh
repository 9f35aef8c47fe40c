# tests/lib.sh — sourced by every shell test (tests/cli/*.sh, tests/screens/*.sh,
# tests/smoke/*.sh). Each check prints "ok NAME" or "FAIL NAME: why"; tests/run-all.sh counts
# those lines. $ZHIBU is the binary under test (normal or sanitizer build).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
ZHIBU=${ZHIBU:-$ROOT/build/zhibu}
export LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=${ZHIBU_TODAY:-2026-11-21}
export ZHIBU_CONFIG=$ROOT/config/zhibu.ini
export PYTHONPATH=$ROOT/tests${PYTHONPATH:+:$PYTHONPATH} # tests/changeset.py
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
T=$(mktemp -d "${TMPDIR:-/tmp}/zhibu-test.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
TEST_FILE=$(basename "$0" .sh)

ok()   { printf 'ok %s: %s\n' "$TEST_FILE" "$1"; }
fail() { printf 'FAIL %s: %s: %s\n' "$TEST_FILE" "$1" "$2"; }

# run_zhibu ARGS... — runs $ZHIBU; stdout in $T/out, stderr in $T/err, status in $RC.
# A sanitizer report in stderr is a failure of its own (reported as "sanitizer").
run_zhibu() {
    "$ZHIBU" "$@" >"$T/out" 2>"$T/err" </dev/null
    RC=$?
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/err"; then
        fail "sanitizer" "$(grep -m3 -E 'ERROR|runtime error' "$T/err" | tr '\n' ' ') (zhibu $*)"
    fi
    return 0
}

# expect_rc NAME WANT — checks $RC from the last run_zhibu.
expect_rc() {
    if [ "$RC" = "$2" ]; then ok "$1"; else fail "$1" "exit status $RC, expected $2; stderr: $(head -c 300 "$T/err")"; fi
}
# expect_eq NAME GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got [$2], expected [$3]"; fi
}
# expect_contains NAME FILE TEXT — FILE holds TEXT (fixed string).
expect_contains() {
    if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1" "$(basename "$2") lacks [$3]: $(head -c 400 "$2")"; fi
}
# expect_not_contains NAME FILE TEXT
expect_not_contains() {
    if grep -qF -- "$3" "$2"; then fail "$1" "$(basename "$2") holds [$3]"; else ok "$1"; fi
}
# expect_file_eq NAME FILE — FILE equals the text on standard input (a here-document).
expect_file_eq() {
    cat >"$T/expected"
    if diff -u "$T/expected" "$2" >"$T/diff" 2>&1; then ok "$1"; else fail "$1" "differs:
$(cat "$T/diff")"; fi
}
# sql DB QUERY — one query through the sqlite3 shell, for checking what the database holds.
sql() { sqlite3 -batch -noheader "$1" "$2"; }
# trust_of FILE.zbx — "--trust FINGERPRINT" of the office that signed the bundle (first use: the
# tests confirm the sender as a person would after reading the fingerprint over the phone)
trust_of() {
    f=$(sqlite3 -batch -noheader -readonly "$1" "select value from manifest where key = 'office_fingerprint'" 2>/dev/null)
    [ -n "$f" ] && printf -- '--trust %s' "$f"
}
# sqlro FILE QUERY — sql, read-only (a missing file is not created)
sqlro() { sqlite3 -batch -noheader -readonly "$1" "$2"; }
# manifest_value FILE KEY — a manifest value of a bundle file (.zbx)
manifest_value() { sqlro "$1" "select value from manifest where key = '$2'"; }
# payload_sha FILE — SHA-256 of a bundle's payload blob, computed here
payload_sha() { sqlro "$1" "select hex(data) from payload order by id" | tr -d '\n' | xxd -r -p | sha256sum | cut -d' ' -f1; }
# dbsum DB — checksums of the database file and its WAL ("no FILE" for one missing): the
# database byte for byte unchanged when a refused command leaves it equal
dbsum() { for f in "$1" "$1-wal"; do if [ -e "$f" ]; then sha256sum <"$f"; else echo "no $f"; fi; done; }
# status_line DUMP — the status line of a dump in $T (the line above the key bar), right-trimmed
status_line() { tail -n 2 "$T/$1" | head -n 1 | sed 's/ *$//'; }
# FORGE_BIN — the test tool that re-signs a changed bundle (tests/tools/forge.c)
FORGE_BIN=$(dirname "$ZHIBU")/forge

# Accounts. $PW holds the tests' password; $LOGIN holds the options run_script logs in with
# (empty: the script starts at the login screen). login_as LOGIN [PASSWORD] sets it.
PW=$T/pw
printf 'test1234\n' >"$PW"
LOGIN=
login_as() {
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" >"$T/pw-$1"; LOGIN="--user $1 --password-file $T/pw-$1"
    else LOGIN="--user $1 --password-file $PW"; fi
}
# For a demo database: the demo's secretary (shuji, of the first village), reviewer
# (shencha) or administrator (admin), password demo1234.
login_demo() { login_as "$1" demo1234; }

# run_script NAME SIZE <<'KEYS' — runs the headless interface on $DB with the keys given,
# logged in with $LOGIN. Dumps named in the script are written relative to $T.
run_script() {
    cat >"$T/$1.keys"
    # shellcheck disable=SC2086
    (cd "$T" && "$ZHIBU" --db "$DB" $LOGIN --script "$T/$1.keys" --size "$2" >"$T/out" 2>"$T/err" </dev/null)
    RC=$?
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/err"; then
        fail "sanitizer" "$(grep -m3 -E 'ERROR|runtime error' "$T/err" | tr '\n' ' ') (script $1)"
    fi
    return 0
}

# max_width FILE — the widest line of FILE in terminal columns (East Asian wide = 2).
max_width() {
    /usr/bin/python3 - "$1" <<'PY'
import sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)
PY
}
# expect_fits NAME FILE COLS ROWS — a dump is exactly ROWS lines, none wider than COLS.
expect_fits() {
    mw=$(max_width "$2"); nl=$(wc -l <"$2")
    if [ "$mw" -le "$3" ] && [ "$nl" -eq "$4" ]; then ok "$1"; else fail "$1" "$(basename "$2"): widest line $mw columns (max $3), $nl lines (want $4)"; fi
}
# new_branch_db [real] — makes $DB as on a fresh install: `zhibu init --test` (administrator
# admin; a test database, so that ZHIBU_TODAY / ZHIBU_NOW hold), the administrator adds one
# branch (1101010001 红旗村党支部, theme day 15) through the interface and its secretary account
# (shuji, 王书记); run_script then works as that secretary. With "real": `zhibu init` without
# --test, a real ledger on which the clock cannot be set.
new_branch_db() {
    DB=$T/ledger.db
    if [ "${1:-}" = real ]; then set --; else set -- --test; fi
    "$ZHIBU" init "$@" --db "$DB" --password-file "$PW" >"$T/init.out" 2>&1 || fail "new_branch_db" "zhibu init: $(cat "$T/init.out")"
    login_as admin
    run_script setup 80x24 <<'KEYS'
6
1101010001<Tab>红旗村党支部<Tab><Tab>15
<F2>
KEYS
    "$ZHIBU" user add --db "$DB" --as admin --as-password-file "$PW" --login shuji --name 王书记 \
        --role secretary --branch 1101010001 --password-file "$PW" >"$T/user.out" 2>&1 ||
        fail "new_branch_db" "zhibu user add: $(cat "$T/user.out")"
    login_as shuji
}

# shuji_branch DB — the code of the branch whose secretary is the demo's account shuji
shuji_branch() { sql "$1" "select b.code from app_user u join branch b on b.id = u.branch_id where u.login = 'shuji'"; }

# demo_village DB [DEMO OPTIONS] — a demo database (--seed 1 unless options are given) made a
# village's by its administrator (password demo1234, in $T/demo-pw), each step checked: sets A
# (shuji's branch's code), AID (its id) and VFPR (the village office's fingerprint)
demo_village() {
    _dv=$1
    shift
    [ $# -gt 0 ] || set -- --seed 1
    run_zhibu demo --db "$_dv" "$@"
    expect_rc "demo (the village)" 0
    printf 'demo1234\n' >"$T/demo-pw"
    run_zhibu office kind --db "$_dv" village --as admin --as-password-file "$T/demo-pw"
    expect_rc "the demo database made a village's" 0
    VFPR=$("$ZHIBU" office show --db "$_dv" | sed -n 's/^指纹：//p')
    A=$(shuji_branch "$_dv")
    AID=$(sql "$_dv" "select id from branch where code = '$A'")
}

# child_uuid TABLE PARENT_UUID KEY — the uuid by which a row of meeting_attendance (KEY: the
# member's uuid) or dues_allocation (KEY: the month) travels in a bundle since schema 13, which
# stores none (src/store/exchange_schema.c st_child_uuid: BLAKE2b-128 of the three, each ended
# by a NUL, written as a version-8 uuid)
child_uuid() {
    python3 -c '
import hashlib, sys
d = bytearray(hashlib.blake2b(b"".join(a.encode() + b"\0" for a in sys.argv[1:4]), digest_size=16).digest())
d[6] = (d[6] & 0x0f) | 0x80
d[8] = (d[8] & 0x3f) | 0x80
h = d.hex()
print("-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:])))' "$1" "$2" "$3"
}

# upgrade_refused_read_only DB — an older database that needs an upgrade, opened by zhibu from a
# read-only file in a read-only directory: refused, says 文件只读, the file untouched, no backup
# (skipped as root, to whom the file stays writable). DB is moved into $T/rodir.
upgrade_refused_read_only() {
    mkdir "$T/rodir" && mv "$1" "$T/rodir/ro.db"
    RO_SUM=$(md5sum <"$T/rodir/ro.db")
    chmod 444 "$T/rodir/ro.db"
    chmod 555 "$T/rodir"
    run_zhibu list members --db "$T/rodir/ro.db" --format csv
    chmod 755 "$T/rodir"
    if [ "$(id -u)" = 0 ]; then
        echo "# (running as root: the read-only file is writable to root, its check skipped)"
    else
        expect_eq "read-only: refused" "$([ "$RC" -ne 0 ] && echo refused)" "refused"
        expect_contains "read-only: says the file is read-only" "$T/err" "文件只读"
        expect_eq "read-only: the file untouched" "$(md5sum <"$T/rodir/ro.db")" "$RO_SUM"
        expect_eq "read-only: no backup" "$(ls "$T/rodir" | grep -c '\.bak$')" "0"
    fi
}

# tmux_wait SOCKET SESSION TEXT [SECONDS] — polls the tmux pane until TEXT shows (default 10 s);
# 0 when it did. The pane last seen is in $T/pane.
tmux_wait() {
    limit=$(( ${4:-10} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        tmux -S "$1" capture-pane -p -t "$2" >"$T/pane" 2>/dev/null
        grep -qF -- "$3" "$T/pane" && return 0
        i=$((i + 1))
        sleep 0.05
    done
    return 1
}

# expect_upgraded DB OLD NEW DUMP SAME — DB, made at schema OLD, opened by this zhibu: upgraded
# to NEW, a backup beside it at OLD holding what `DUMP DB` printed before the open (the caller
# put it in $T/before.txt), and `DUMP DB` printing the same after (the check named SAME). Sets
# BAK to the backup's path.
expect_upgraded() {
    run_zhibu list members --db "$1" --format csv
    expect_rc "opened (and upgraded) by this zhibu" 0
    expect_eq "user_version is $3 (the current version)" "$(sql "$1" "pragma user_version")" "$3"
    BAK=$(ls "$1".v"$2"-*.bak 2>/dev/null | head -1)
    if [ -n "$BAK" ]; then ok "a backup was written beside it"; else
        fail "a backup was written beside it" "$(ls "$(dirname "$1")")"; fi
    if [ -n "$BAK" ]; then
        expect_eq "the backup is at version $2" "$(sql "$BAK" "pragma user_version")" "$2"
        "$4" "$BAK" >"$T/bak.txt"
        if cmp -s "$T/before.txt" "$T/bak.txt"; then ok "the backup holds the file as it was"; else
            fail "the backup holds the file as it was" "$(diff "$T/before.txt" "$T/bak.txt" | head -5)"; fi
    fi
    "$4" "$1" >"$T/after.txt"
    if cmp -s "$T/before.txt" "$T/after.txt"; then ok "$5"; else
        fail "$5" "$(diff "$T/before.txt" "$T/after.txt" | head -10)"; fi
}

# expect_open_again_same DB — an upgraded DB opened again: no second backup, the file unchanged;
# a new demo database beside it ($T/new.db) has the upgraded one's tables, indexes and triggers
# (its schema in $T/schema1.txt).
expect_open_again_same() {
    sqlite3 -batch "$1" ".dump" >"$T/dump1.sql"
    sql "$1" "select type, name, ifnull(sql, '') from sqlite_schema order by name" >"$T/schema1.txt"
    run_zhibu list members --db "$1" --format csv
    expect_rc "opened again" 0
    expect_eq "opened again: still one backup" "$(ls "$1".v*.bak | wc -l | tr -d ' ')" "1"
    sqlite3 -batch "$1" ".dump" >"$T/dump2.sql"
    if cmp -s "$T/dump1.sql" "$T/dump2.sql"; then ok "opened again: the database unchanged"; else
        fail "opened again: the database unchanged" "$(diff "$T/dump1.sql" "$T/dump2.sql" | head -5)"; fi
    run_zhibu demo --db "$T/new.db" --branches 1 --years 1 --seed 1
    expect_rc "a new demo database" 0
    expect_eq "a new database has the upgraded one's tables, indexes and triggers" \
        "$(sql "$T/new.db" "select type, name, ifnull(sql, '') from sqlite_schema order by name" | md5sum)" \
        "$(md5sum <"$T/schema1.txt")"
}
