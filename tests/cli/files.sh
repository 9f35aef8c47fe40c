#!/bin/sh
# Files and the disk (issue 13). A 0-byte, truncated or table-less ledger is refused like any
# file that is not a zhibu database, by every command and the interface, and stays as it was; a
# new database comes only from zhibu init, zhibu demo or the interface's 首次使用 (a path left
# there without an administrator is not made). Every file the program creates is 0600 under
# umask 022: the database and its -wal/-shm, bundles, exports, printed pages; history keeps no
# password hash. A ledger on a write-protected medium is read by verify, list, export, audit and
# report, and the interface opens it read-only (只读 in the title; a save says 只读文件：不能
# 保存). On a full disk reading and login keep working and a write says one sentence. Nothing
# from the ledger reaches the terminal as a control character (a bundle's branch name, CSV,
# verify, error messages). --config takes only a regular file up to 1 MB. Error lines never say
# "zhibu zhibu" nor put an ASCII colon after Chinese text. Exports never overwrite a file
# without --force.
#
# The read-only medium and the full disk are real mounts (a read-only bind mount, a small
# tmpfs), made in a private mount namespace: the script runs itself again under `unshare -m`
# when it may (root), so that nothing is left mounted whatever happens; where it may not, those
# parts are skipped with a note.
if [ -z "${FILES_NS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
    unshare -m true 2>/dev/null; then
    FILES_NS=1 exec unshare -m sh "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
umask 022
ERRS=$T/all-errors # the stderr of every failing command, checked for the prefixes at the end
collect() { cat "$T/err" >>"$ERRS"; }
: >"$ERRS"

# mode NAME FILE — FILE exists and is 0600
mode() {
    if [ ! -e "$2" ]; then fail "$1" "$2 does not exist"
    else expect_eq "$1" "$(stat -c %a "$2")" "600"; fi
}
# no_esc NAME FILE — FILE holds no ESC, BEL, CR or other C0 control but LF and TAB
no_esc() {
    if $PY - "$2" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bad = [b for b in data if (b < 0x20 and b not in (9, 10)) or b == 0x7f]
sys.exit(1 if bad else 0)
PY
    then ok "$1"; else fail "$1" "$(basename "$2") holds control characters: $(od -c "$2" | grep -m2 '\\033\|\\a\|\\r')"; fi
}
sha() { sha256sum <"$1"; }

# ---- a ledger to work on ----
new_branch_db
LEDGER=$DB
BR=1101010001

# ---- the configuration: only a regular file up to 1 MB ----
mkfifo "$T/fifo.ini"
head -c 2097152 /dev/zero | tr '\0' ';' >"$T/big.ini"
mkdir "$T/dir.ini"
for c in /dev/zero "$T/dir.ini" "$T/fifo.ini" "$T/big.ini"; do
    timeout 20 "$ZHIBU" --config "$c" list members --db "$LEDGER" --format csv >"$T/out" 2>"$T/err" </dev/null
    RC=$?
    expect_rc "--config $(basename "$c"): refused with exit 2 (no hang)" 2
    expect_contains "--config $(basename "$c"): the message names the file" "$T/err" "配置文件 $c"
    collect
done
expect_contains "--config /dev/zero: not a regular file" "$T/all-errors" "配置文件 /dev/zero 不是普通文件"
expect_contains "--config a directory: said so" "$T/all-errors" "配置文件 $T/dir.ini 是目录"
expect_contains "--config a 2 MB file: too big" "$T/all-errors" "配置文件 $T/big.ini 太大（配置文件最多 1 MB）"
timeout 20 "$ZHIBU" --config /dev/zero --db "$LEDGER" --script /dev/null >"$T/out" 2>"$T/err" </dev/null
RC=$?
expect_rc "--config /dev/zero before the interface: exit 2" 2

# ---- a zero-byte file is not a database ----
: >"$T/empty.db"
printf ':dump empty-screen.txt\n' >"$T/dump.keys"
for cmd in "verify" "list members --format csv" "audit --format text" "report --out $T/e-report.csv" \
    "export meetings --branch $BR --out $T/e.xlsx" "bundle export --branch $BR --out $T/e.zbx" \
    "office show" "user list --as admin --as-password-file $PW"; do
    # shellcheck disable=SC2086
    run_zhibu $cmd --db "$T/empty.db"
    if [ "$RC" = 0 ]; then fail "0 bytes: $cmd refused" "exit 0"; else ok "0 bytes: $cmd refused"; fi
    expect_contains "0 bytes: $cmd says it is no zhibu database" "$T/err" "文件 $T/empty.db 不是 zhibu 数据库（空文件，0 字节"
    collect
done
(cd "$T" && "$ZHIBU" --db "$T/empty.db" --script "$T/dump.keys" >"$T/out" 2>"$T/err" </dev/null)
RC=$?
expect_rc "0 bytes: the interface refuses it" 1
expect_contains "0 bytes: the interface says why" "$T/err" "不是 zhibu 数据库（空文件，0 字节"
if [ -e "$T/empty-screen.txt" ]; then fail "0 bytes: no 首次使用 screen" "a screen was drawn"; else ok "0 bytes: no 首次使用 screen"; fi
collect
expect_eq "0 bytes: the file is still empty" "$(stat -c %s "$T/empty.db")" "0"
expect_eq "0 bytes: no log files made beside it" "$(ls "$T" | grep -c '^empty.db-')" "0"
# zhibu init makes it a database (and owner-only)
run_zhibu init --db "$T/empty.db" --password-file "$PW"
expect_rc "0 bytes: zhibu init makes it a database" 0
mode "0 bytes: the database init made of it is 0600" "$T/empty.db"

# ---- a truncated file is not a database either ----
PAGES=$(($(stat -c %s "$LEDGER") / 4096))
for cut in 50 4000 4097 $((PAGES / 2 * 4096)); do
    head -c "$cut" "$LEDGER" >"$T/cut.db"
    before=$(sha "$T/cut.db")
    run_zhibu verify --db "$T/cut.db"
    expect_rc "cut to $cut bytes: verify refuses it" 2
    expect_contains "cut to $cut bytes: not a whole zhibu database" "$T/err" "不是完整的 zhibu 数据库（文件被截短：只有 $cut 字节"
    collect
    run_zhibu list members --db "$T/cut.db" --format csv
    expect_rc "cut to $cut bytes: list refuses it" 1
    expect_eq "cut to $cut bytes: the file unchanged" "$(sha "$T/cut.db")" "$before"
done
expect_contains "cut to half: the size it should have is said" "$T/err" "应有 $((PAGES * 4096)) 字节"
sqlite3 "$T/bare.db" 'create table t(x); drop table t;'
run_zhibu verify --db "$T/bare.db"
expect_rc "an SQLite file without tables: refused" 2
expect_contains "an SQLite file without tables: said so" "$T/err" "不是 zhibu 数据库（空的 SQLite 文件"
collect

# ---- a missing path: the database is made only when 首次使用 makes its administrator ----
printf '<Esc>\n' >"$T/esc.keys"
run_zhibu --db "$T/typo.db" --script "$T/esc.keys"
expect_rc "a new path left at 首次使用: exit 0" 0
if ls "$T"/typo.db* >/dev/null 2>&1; then fail "a new path left at 首次使用: nothing made" "$(ls "$T"/typo.db*)"; else ok "a new path left at 首次使用: nothing made"; fi
run_zhibu --db "$T/typo.db" --user admin --password-file "$PW" --script "$T/esc.keys"
expect_rc "a new path with --user: refused" 1
if ls "$T"/typo.db* >/dev/null 2>&1; then fail "a new path with --user: nothing made" "$(ls "$T"/typo.db*)"; else ok "a new path with --user: nothing made"; fi
collect
printf '<Tab>张管理<Tab>test1234<Tab>test1234<F2>\n' >"$T/first.keys"
run_zhibu --db "$T/first.db" --script "$T/first.keys"
expect_rc "a new path confirmed on 首次使用: exit 0" 0
expect_eq "a new path confirmed on 首次使用: the administrator" "$(sql "$T/first.db" 'select login from app_user')" "admin"
mode "the database made on the screen is 0600" "$T/first.db"

# ---- every file the program creates is 0600 (umask 022) ----
mode "zhibu init: the database" "$LEDGER"
run_zhibu demo --db "$T/demo.db" --branches 2 --years 1
expect_rc "demo" 0
mode "zhibu demo: the database" "$T/demo.db"
# the log files of an open database: a session waits on its keys (a FIFO) while they are looked at
mkfifo "$T/session.keys"
(cd "$T" && "$ZHIBU" --db "$LEDGER" $LOGIN --script "$T/session.keys" >"$T/session.out" 2>&1 </dev/null) &
SESSION=$!
exec 3>"$T/session.keys"
printf '2\n' >&3
i=0
while [ ! -e "$LEDGER-shm" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
mode "an open database: its -wal" "$LEDGER-wal"
mode "an open database: its -shm" "$LEDGER-shm"
exec 3>&-
wait "$SESSION"
mkdir "$T/made"
run_zhibu bundle export --db "$LEDGER" --branch "$BR" --out "$T/made/b.zbx"
expect_rc "bundle export" 0
mode "bundle export: the bundle" "$T/made/b.zbx"
for f in m.xlsx m.csv m.json; do
    run_zhibu export meetings --db "$LEDGER" --branch "$BR" --out "$T/made/$f"
    expect_rc "export meetings $f" 0
    mode "export meetings: $f" "$T/made/$f"
done
run_zhibu export dues --db "$LEDGER" --branch "$BR" --year 2026 --out "$T/made/d.xlsx"
mode "export dues: .xlsx" "$T/made/d.xlsx"
run_zhibu export dues --db "$LEDGER" --branch "$BR" --year 2026 --out "$T/made/d.csv"
mode "export dues: .csv" "$T/made/d.csv"
run_zhibu export notice --db "$LEDGER" --branch "$BR" --out "$T/made/n.txt"
mode "export notice: .txt" "$T/made/n.txt"
run_zhibu report --db "$LEDGER" --month 2026-10 --out "$T/made/r.xlsx"
mode "report: .xlsx" "$T/made/r.xlsx"
run_zhibu report --db "$LEDGER" --month 2026-10 --out "$T/made/r.csv"
mode "report: .csv" "$T/made/r.csv"
# F9 on the screens: the meeting list's export and the post notice
(cd "$T/made" && "$ZHIBU" --db "$LEDGER" $LOGIN --script /dev/stdin --size 80x24 >/dev/null 2>&1) <<'KEYS'
1
<F9>
<C-u>f9.xlsx<Enter>
<Esc>
4
<F9>
<C-u>f9.txt<Enter>
KEYS
mode "F9 in 三会一课: the .xlsx" "$T/made/f9.xlsx"
mode "F9 in 设岗定责: the notice .txt" "$T/made/f9.txt"
expect_eq "nothing else left in the directory (no .tmp)" "$(ls "$T/made" | grep -vcE '\.(zbx|xlsx|csv|json|txt)$')" "0"
expect_eq "every file made there is 0600" "$(find "$T/made" -type f ! -perm 600 | wc -l)" "0"

# a migration backup: the database as zhibu of schema 7 left it (schema 8's additions taken
# out), opened by this one (only the backup's mode is looked at here)
mkdir "$T/bak"
cp "$LEDGER" "$T/bak/old.db"
sqlite3 "$T/bak/old.db" "DROP TABLE office_key; DROP TABLE office_peer; DROP TABLE journal_head;
    ALTER TABLE branch DROP COLUMN dues_start; DELETE FROM history WHERE table_name = 'office_key';
    PRAGMA user_version = 7"
run_zhibu list members --db "$T/bak/old.db" --format csv
mode "a migration backup" "$(ls "$T"/bak/old.db.v7-*.bak 2>/dev/null | head -1)"

# ---- history keeps no password hash ----
printf 'newpass99\n' >"$T/pw2"
run_zhibu user passwd --db "$LEDGER" --as admin --as-password-file "$PW" --login shuji --password-file "$T/pw2"
expect_rc "a password changed" 0
expect_eq "history holds no argon2 hash" "$(sql "$LEDGER" "select count(*) from history where coalesce(old_json, '') || coalesce(new_json, '') like '%\$argon2%'")" "0"
expect_eq "history says the password changed" \
    "$(sql "$LEDGER" "select count(*) from history h where h.table_name = 'app_user' and h.action = 'passwd' and json_extract(h.old_json, '\$.password') <> json_extract(h.new_json, '\$.password')")" "1"
run_zhibu verify --db "$LEDGER"
expect_rc "verify after the password change: 完整" 0
# a hash put in behind zhibu's back is still found
cp "$LEDGER" "$T/swapped.db"
sql "$T/swapped.db" "update app_user set pw_hash = (select pw_hash from app_user where login = 'admin') where login = 'shuji'"
run_zhibu verify --db "$T/swapped.db"
expect_rc "a password hash replaced outside zhibu: verify finds it" 1
login_as shuji newpass99

# ---- a ledger on a write-protected medium ----
# (a read-only bind mount; without mounts, a user who is not root gets a file and a directory
# without write permission, which is the same to the program)
MOUNTS=no
mkdir "$T/try-mount" && mount -t tmpfs -o size=64k tmpfs "$T/try-mount" 2>/dev/null && umount "$T/try-mount" && MOUNTS=yes
RO_READY=no
mkdir "$T/stick" "$T/ro"
cp "$LEDGER" "$T/stick/ledger.db"
if [ "$MOUNTS" = yes ]; then
    mount --bind "$T/stick" "$T/ro" && mount -o remount,bind,ro "$T/ro" && RO_READY=yes
elif [ "$(id -u)" != 0 ]; then
    cp "$LEDGER" "$T/ro/ledger.db" && chmod 444 "$T/ro/ledger.db" && chmod 555 "$T/ro" && RO_READY=yes
fi
if [ "$RO_READY" = yes ]; then
    RO=$T/ro/ledger.db
    before=$(sha "$RO")
    run_zhibu verify --db "$RO"
    expect_rc "read-only medium: verify works" 0
    expect_contains "read-only medium: verify says 完整" "$T/out" "完整"
    run_zhibu list members --db "$RO" --format csv
    expect_rc "read-only medium: list works" 0
    expect_eq "read-only medium: list shows the roster" "$(wc -l <"$T/out")" "$(($(sql "$LEDGER" 'select count(*) from member where leave_status = ""') + 1))"
    run_zhibu export meetings --db "$RO" --branch "$BR" --out "$T/ro-export.xlsx"
    expect_rc "read-only medium: export works" 0
    run_zhibu audit --db "$RO" --month 2026-10 --format text
    expect_rc "read-only medium: audit works" 0
    run_zhibu report --db "$RO" --month 2026-10 --out "$T/ro-report.xlsx"
    expect_rc "read-only medium: report works" 0
    run_zhibu user add --db "$RO" --as admin --as-password-file "$PW" --login li --name 李 --role admin --password-file "$PW"
    expect_rc "read-only medium: a write refused" 1
    expect_eq "read-only medium: the write's message" "$(cat "$T/err")" "zhibu user: 只读文件：不能保存"
    collect
    DB=$RO
    run_script ro 100x30 <<'KEYS'
:dump ro-home.txt
6
<End>改
<F2>
:dump ro-save.txt
KEYS
    DB=$LEDGER
    expect_rc "read-only medium: the interface opens" 0
    expect_contains "read-only medium: 只读 in the title" "$T/ro-home.txt" "王书记（支部书记） 只读"
    expect_contains "read-only medium: the first screen says why" "$T/ro-home.txt" "只读：数据库文件或所在的目录不可写，只能查看，不能保存"
    expect_contains "read-only medium: a save is refused with the message" "$T/ro-save.txt" "只读文件：不能保存"
    # the login screen cannot count failures in the file: it counts them itself, so guessing
    # stays limited to the attempts of the policy
    LOGIN=
    DB=$RO
    run_script ro-guess 80x24 <<'KEYS'
admin<Tab>bad11111<F2>
:dump ro-guess1.txt
bad22222<F2>
bad33333<F2>
bad44444<F2>
bad55555<F2>
test1234<F2>
:dump ro-guess.txt
KEYS
    DB=$LEDGER
    login_as shuji newpass99
    expect_contains "read-only medium: a wrong password is refused" "$T/ro-guess1.txt" "用户名或密码错误（还可尝试 4 次）"
    expect_contains "read-only medium: guessing stays limited though nothing is written" "$T/ro-guess.txt" "密码错误次数过多，请稍后再试"
    expect_eq "read-only medium: the file unchanged" "$(sha "$RO")" "$before"
    if [ "$MOUNTS" = yes ]; then umount "$T/ro"; else chmod 755 "$T/ro"; fi
    # a stick taken out while a program had the ledger open: the last changes are in its
    # write-ahead log, which is read (read-only, through the log's index)
    if [ "$MOUNTS" = yes ]; then
        mkdir "$T/stick2" "$T/ro2"
        cp "$LEDGER" "$T/stick2/ledger.db"
        $PY - "$T/stick2/ledger.db" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("pragma wal_autocheckpoint = 0")
c.execute("update branch set theme_day = '28' where code = '1101010001'")
os._exit(0)  # no checkpoint: the change stays in the -wal
PY
        mount --bind "$T/stick2" "$T/ro2" && mount -o remount,bind,ro "$T/ro2"
        run_zhibu verify --db "$T/ro2/ledger.db"
        expect_rc "read-only medium with a log: opened" 1
        expect_contains "read-only medium with a log: the change in the log is read" "$T/out" "在 zhibu 之外被改动"
        umount "$T/ro2"
        rm "$T/stick2/ledger.db-shm"
        mount --bind "$T/stick2" "$T/ro2" && mount -o remount,bind,ro "$T/ro2"
        run_zhibu verify --db "$T/ro2/ledger.db"
        expect_rc "read-only medium, a log without its index: refused" 2
        expect_contains "read-only medium, a log without its index: said what to do" "$T/err" "请把这几个文件一起复制到可写的位置再打开"
        collect
        umount "$T/ro2"
    fi
else
    echo "    note: files: mounts are not permitted here (and root can write anything): the read-only medium is not tested"
fi

# ---- a full disk ----
if [ "$MOUNTS" != yes ]; then
    echo "    note: files: mounts are not permitted here: the full disk (a small tmpfs) is not tested"
else
    mkdir "$T/full"
    mount -t tmpfs -o size=2m tmpfs "$T/full"
    FULL=$T/full/ledger.db
    cp "$LEDGER" "$FULL"
    dd if=/dev/zero of="$T/full/filler" bs=4096 >/dev/null 2>&1
    expect_eq "full disk: 0 bytes free" "$(df --output=avail "$T/full" | tail -1 | tr -d ' ')" "0"
    before=$(sha "$FULL")
    run_zhibu verify --db "$FULL"
    expect_rc "full disk: verify reads" 0
    run_zhibu list members --db "$FULL" --format csv
    expect_rc "full disk: list reads" 0
    run_zhibu user add --db "$FULL" --as admin --as-password-file "$PW" --login li --name 李 --role admin --password-file "$PW"
    expect_rc "full disk: a write fails" 1
    expect_eq "full disk: one sentence" "$(cat "$T/err")" "zhibu user: 磁盘已满，未保存；已保存的内容没有丢失"
    collect
    DB=$FULL
    run_script full 100x30 <<'KEYS'
:dump full-home.txt
6
<End>改
<F2>
:dump full-save.txt
KEYS
    DB=$LEDGER
    expect_rc "full disk: the interface logs in" 0
    expect_contains "full disk: the home screen is shown, read-only" "$T/full-home.txt" "王书记（支部书记） 只读"
    expect_contains "full disk: the first screen says why" "$T/full-home.txt" "磁盘已满：只能查看，不能保存"
    expect_contains "full disk: a save says the sentence" "$T/full-save.txt" "磁盘已满，未保存；已保存的内容没有丢失"
    expect_not_contains "full disk: no doubled 保存失败" "$T/full-save.txt" "保存失败："
    expect_eq "full disk: the file unchanged" "$(sha "$FULL")" "$before"
    # another session has the database open (its log's index is there): writes run into the
    # full disk itself, and a login whose bookkeeping cannot be written still logs in
    rm -f "$T/full/filler"
    mkfifo "$T/other.keys"
    (cd "$T" && "$ZHIBU" --db "$FULL" $LOGIN --script "$T/other.keys" >"$T/other.out" 2>&1 </dev/null) &
    OTHER=$!
    exec 4>"$T/other.keys"
    printf '2\n' >&4
    i=0
    while [ ! -e "$FULL-shm" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
    dd if=/dev/zero of="$T/full/filler" bs=4096 >/dev/null 2>&1
    run_zhibu user add --db "$FULL" --as admin --as-password-file "$PW" --login li --name 李 --role admin --password-file "$PW"
    expect_rc "full disk, another session open: a write fails" 1
    expect_eq "full disk, another session open: one sentence" "$(cat "$T/err")" "zhibu user: 磁盘已满，未保存；已保存的内容没有丢失"
    DB=$FULL
    run_script full2 100x30 <<'KEYS'
:dump full2-home.txt
KEYS
    DB=$LEDGER
    expect_rc "full disk, another session open: login works" 0
    expect_contains "full disk, another session open: the home screen" "$T/full2-home.txt" "王书记（支部书记）"
    exec 4>&-
    wait "$OTHER"
    umount "$T/full"
fi

# ---- control characters never reach the terminal ----
V=$T/village.db
TW=$T/township.db
"$ZHIBU" demo --db "$V" --branches 2 --years 0 >/dev/null 2>&1
printf 'demo1234\n' >"$T/demo-pw"
"$ZHIBU" office kind --db "$V" village --as admin --as-password-file "$T/demo-pw" >/dev/null 2>&1
VB=$(shuji_branch "$V")
run_zhibu bundle export --db "$V" --branch "$VB" --out "$T/v.zbx"
expect_rc "escapes: the village's bundle" 0
sqlite3 "$T/v.zbx" "update manifest set value = value || char(27) || ']0;pwned' || char(7) || char(27) || '[2J' where key = 'branch_name'"
"$FORGE_BIN" resign "$T/v.zbx" "$V" >/dev/null
"$ZHIBU" init --test --db "$TW" --office township --password-file "$PW" >/dev/null 2>&1
# shellcheck disable=SC2046
run_zhibu bundle import --db "$TW" $(trust_of "$T/v.zbx") "$T/v.zbx"
cat "$T/out" "$T/err" >"$T/import.all"
no_esc "bundle import: no ESC or BEL from the manifest's branch name" "$T/import.all"
expect_contains "bundle import: the name is shown with U+FFFD for the controls" "$T/import.all" "�]0;pwned��[2J"
# a member's name with ESC (written behind zhibu's back) and a row id with it
cp "$V" "$T/esc.db"
sql "$T/esc.db" "update member set name = name || char(27) || '[2J' where id = 1; update member set uuid = 'ab' || char(27) || '[2Jcd' || substr(uuid, 7) where id = 2"
run_zhibu list members --db "$T/esc.db" --format csv
no_esc "list --format csv: no ESC" "$T/out"
expect_contains "list --format csv: the control shown as U+FFFD" "$T/out" "�[2J"
run_zhibu list members --db "$T/esc.db" --format json
expect_contains "list --format json: the control escaped, the name kept" "$T/out" '\u001b[2J'
run_zhibu verify --db "$T/esc.db"
expect_rc "verify finds the rows changed behind its back" 1
no_esc "verify: no ESC in what it prints" "$T/out"
expect_contains "verify: the row id shown with U+FFFD" "$T/out" "ab�[2Jcd"
run_zhibu list members --db "$T/esc.db" --branch "$(printf 'x\033[2J')" --format csv
no_esc "an error message quoting a typed ESC: none reaches stderr" "$T/err"
collect

# ---- exports do not overwrite without --force ----
echo "old" >"$T/keep.xlsx"
run_zhibu export meetings --db "$LEDGER" --branch "$BR" --out "$T/keep.xlsx"
expect_rc "export onto an existing file: refused" 1
expect_eq "export onto an existing file: the message" "$(cat "$T/err")" "zhibu export: 文件 $T/keep.xlsx 已存在，不会覆盖（要覆盖请加 --force）"
expect_eq "export onto an existing file: left as it was" "$(cat "$T/keep.xlsx")" "old"
collect
run_zhibu export meetings --db "$LEDGER" --branch "$BR" --out "$T/keep.xlsx" --force
expect_rc "export --force: overwrites" 0
if [ "$(cat "$T/keep.xlsx")" = old ]; then fail "export --force: the file replaced" "still old"; else ok "export --force: the file replaced"; fi
mode "export --force: the replaced file is 0600" "$T/keep.xlsx"
for sub in "export dues --branch $BR --year 2026" "export notice --branch $BR" "report --month 2026-10"; do
    echo "old" >"$T/keep.csv"
    # shellcheck disable=SC2086
    run_zhibu $sub --db "$LEDGER" --out "$T/keep.csv"
    expect_rc "$sub onto an existing file: refused" 1
    expect_eq "$sub onto an existing file: left as it was" "$(cat "$T/keep.csv")" "old"
    # shellcheck disable=SC2086
    run_zhibu $sub --db "$LEDGER" --out "$T/keep.csv" --force
    expect_rc "$sub --force: overwrites" 0
done
run_zhibu export --help
expect_contains "export --help documents --force" "$T/out" "--force            覆盖已有的输出文件"
run_zhibu report --help
expect_contains "report --help documents --force" "$T/out" "--force            覆盖已有的输出文件"

# ---- error lines: one prefix, full-width colons ----
run_zhibu --db "$LEDGER" --user shuji --password-file "$T/no-such-pw"
collect
expect_eq "a missing password file: one prefix" "$(cat "$T/err")" "zhibu: 无法读取密码文件 $T/no-such-pw：文件或目录不存在"
run_zhibu list members --db "$T/nope.db" --format csv; collect
run_zhibu export meetings --db "$LEDGER" --branch 9999 --out "$T/x.xlsx"; collect
run_zhibu export meetings --db "$LEDGER" --branch "$BR" --out "$T/no/such/dir/x.xlsx"; collect
run_zhibu bundle import --db "$LEDGER" "$T/keep.xlsx"; collect
run_zhibu verify --db "$LEDGER" --branch 9999; collect
run_zhibu user add --db "$LEDGER" --as admin --as-password-file "$PW" --login shuji --name 王 --role admin --password-file "$PW"; collect
run_zhibu --db "$LEDGER" --branch 9999 --script /dev/null; collect
run_zhibu list frobs --db "$LEDGER"; collect
if grep -q "zhibu zhibu" "$ERRS"; then fail "no error line says zhibu zhibu" "$(grep -m3 'zhibu zhibu' "$ERRS")"; else ok "no error line says zhibu zhibu"; fi
$PY - "$ERRS" >"$T/colons" <<'PY'
import re, sys
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    if re.search(r"[\u3000-\u9fff\uff00-\uffef]:", line):
        print(line.rstrip())
PY
expect_eq "no ASCII colon after Chinese text in $(wc -l <"$ERRS") error lines" "$(cat "$T/colons")" ""
expect_eq "the error lines collected" "$(test "$(wc -l <"$ERRS")" -ge 30 && echo many)" "many"
