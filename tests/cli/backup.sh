#!/bin/sh
# zhibu backup / restore: the copy is made with SQLite's backup API while another zhibu keeps
# saving meetings (and holds every meeting committed before it began, where a plain cp of the
# .db misses what is still in the -wal); names, mode, the same minute twice, pruning only this
# office's backups; restore of a good backup keeps the former file whole; a truncated, altered,
# foreign or missing backup and a non-zhibu file are refused with nothing changed; a database
# another zhibu has open is not replaced; the PC-died case (restore into a missing file); the
# old config keys; bad arguments.
. "$(dirname "$0")/../lib.sh"

new_branch_db
mkdir -p "$T/usb"
count() { sql "$1" "select count(*) from meeting"; }
# wait_for FILE: up to 60 s for another process's step
wait_for() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    [ -e "$1" ]
}
# check_copy NAME FILE: integrity and `zhibu verify` on (a copy of) a backup
check_copy() {
    expect_eq "$1: integrity_check" "$(sqlite3 -readonly "$2" 'pragma integrity_check')" "ok"
    cp "$2" "$T/probe.db"
    run_zhibu verify --db "$T/probe.db"
    expect_rc "$1: verify on the copy" 0
    expect_contains "$1: verify says 完整" "$T/out" "完整"
    rm -f "$T/probe.db" "$T/probe.db-wal" "$T/probe.db-shm"
}

# ---- taken while another process saves meetings --------------------------------------------
M=8
K=4
{
    echo 1
    n=0
    for k in $(seq 1 $K); do
        for i in $(seq 1 $M); do
            n=$((n + 1))
            printf '<F2>\n<Enter>\n<C-u>2026-11-%02d<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>议题%d<Tab>\n<F2>\n' $(( (n % 20) + 1 )) $n
        done
        echo ":touch $T/w-$k"
        echo ":wait $T/b-$k"
    done
    # the rest saved while the last backup runs
    for i in $(seq 1 $M); do
        printf '<F2>\n<Enter>\n<C-u>2026-11-05<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>后来的%d<Tab>\n<F2>\n' $i
    done
} >"$T/writer.keys"
(cd "$T" && "$ZHIBU" --db "$DB" $LOGIN --script "$T/writer.keys" --size 80x24 >"$T/writer.out" 2>"$T/writer.err" </dev/null) &
writer=$!
for k in $(seq 1 $K); do
    if ! wait_for "$T/w-$k"; then fail "writer step $k" "the writer did not get there"; break; fi
    before=$(count "$DB")
    if [ "$k" = 1 ]; then
        # a plain copy of the .db while the log holds the meetings: they are not in it (this is
        # what the backup API is for; it also shows this test can fail)
        cp "$DB" "$T/plain.db"
        expect_eq "the live ledger holds the first meetings" "$before" "$M"
        expect_eq "a plain cp of the .db misses the meetings in the -wal" "$(count "$T/plain.db")" "0"
    fi
    "$ZHIBU" backup --db "$DB" --to "$T/usb" >"$T/b$k.out" 2>"$T/b$k.err" &
    bpid=$!
    touch "$T/b-$k" # the writer goes on saving while the backup runs
    wait $bpid
    rc=$?
    expect_eq "backup $k while saving: exit status" "$rc" 0
    made=$(sed -n 's/^已备份到 \(.*\)（.*$/\1/p' "$T/b$k.out")
    got=$(count "$made")
    if [ -n "$made" ] && [ "$got" -ge "$before" ]; then
        ok "backup $k holds every meeting committed before it began ($got >= $before)"
    else
        fail "backup $k holds every meeting committed before it began" "$got < $before ($(cat "$T/b$k.out" "$T/b$k.err"))"
    fi
    check_copy "backup $k" "$made"
done
wait $writer
expect_eq "the writer saved every meeting" "$(count "$DB")" $((M * K + M))
expect_eq "four backups, none overwritten (the same minute gets -2, -3 ...)" "$(ls "$T/usb" | grep -c '\.zhibu-backup$')" "$K"
expect_eq "no temporary file is left" "$(ls -A "$T/usb" | grep -c 'tmp')" "0"

# ---- names and mode ------------------------------------------------------------------------
rm -f "$T/usb"/*
run_zhibu office name --db "$DB" --as admin --as-password-file "$PW" "红旗村/党支部 第一"
export ZHIBU_NOW=2026-11-21T06:05:00Z
run_zhibu backup --db "$DB" --to "$T/usb"
expect_rc "backup: exit 0" 0
f="$T/usb/红旗村_党支部_第一-20261121-0605.zhibu-backup"
expect_contains "backup: says where and that it was checked" "$T/out" "已备份到 $f（"
expect_contains "backup: checked" "$T/out" "已校验"
expect_eq "backup: named office-YYYYMMDD-HHMM, made filename-safe" "$(ls "$T/usb")" "$(basename "$f")"
expect_eq "backup: mode 0600" "$(stat -c %a "$f")" "600"
expect_eq "backup: a single file (rollback journal mode, no -wal beside it)" \
    "$(/usr/bin/python3 -c 'import sys; b=open(sys.argv[1],"rb").read(20); print(b[18], b[19])' "$f")" "1 1"
run_zhibu backup --db "$DB" --to "$T/usb"
expect_contains "the same minute again: -2, the first kept" "$T/out" "红旗村_党支部_第一-20261121-0605-2.zhibu-backup"
expect_eq "the same minute again: two files" "$(ls "$T/usb" | wc -l)" "2"

# ---- pruning: only this office's, newest N -----------------------------------------------------
rm -f "$T/usb"/*
for t in 2026-11-17T08:00:00Z 2026-11-18T08:00:00Z 2026-11-19T08:00:00Z 2026-11-20T08:00:00Z; do
    ZHIBU_NOW=$t "$ZHIBU" backup --db "$DB" --to "$T/usb" >/dev/null 2>&1
done
# another office of the same name (two offices share a stick), a file of the user's
"$ZHIBU" init --test --db "$T/other.db" --password-file "$PW" >/dev/null 2>&1
"$ZHIBU" office name --db "$T/other.db" --as admin --as-password-file "$PW" "红旗村/党支部 第一" >/dev/null 2>&1
ZHIBU_NOW=2026-11-16T08:00:00Z "$ZHIBU" backup --db "$T/other.db" --to "$T/usb" >/dev/null 2>&1
echo "私人文件" >"$T/usb/笔记.txt"
echo "x" >"$T/usb/别的单位-20261101-0800.zhibu-backup"
run_zhibu backup --db "$DB" --to "$T/usb" --keep 2
expect_rc "backup --keep 2: exit 0" 0
expect_contains "backup --keep 2: says how many went" "$T/out" "已删除本单位较旧的备份 3 份，保留最新的 2 份"
ls "$T/usb" | LC_ALL=C sort >"$T/ls"
expect_file_eq "backup --keep 2: this office's newest two, everything else untouched" "$T/ls" <<EOF
别的单位-20261101-0800.zhibu-backup
笔记.txt
红旗村_党支部_第一-20261116-0800.zhibu-backup
红旗村_党支部_第一-20261120-0800.zhibu-backup
红旗村_党支部_第一-20261121-0605.zhibu-backup
EOF
unset ZHIBU_NOW

# ---- the backup directory missing or unusable ----------------------------------------------
run_zhibu backup --db "$DB" --to "$T/nostick"
expect_rc "a missing directory: exit 1" 1
expect_contains "a missing directory: said so" "$T/err" "备份目录 $T/nostick 不存在（U 盘插好了吗？）"
run_zhibu backup --db "$DB" --to "$T/usb/笔记.txt"
expect_rc "a file given as directory: exit 1" 1
expect_contains "a file given as directory: said so" "$T/err" "不是目录"
run_zhibu backup --db "$DB" --to /proc/self
expect_rc "a directory that takes no files: exit 1" 1
expect_contains "a directory that takes no files: said so" "$T/err" "备份目录 /proc/self 不可写"
run_zhibu backup --db "$DB"
expect_rc "no --to and no [backup] dir: usage error" 2
expect_contains "no --to: says how" "$T/err" "缺少 --to"
run_zhibu backup --db "$DB" --to "$T/usb" --keep 0
expect_rc "--keep 0: usage error" 2

# ---- restore ---------------------------------------------------------------------------------
rm -f "$T/usb"/*
run_zhibu backup --db "$DB" --to "$T/usb"
good=$(ls "$T/usb"/*.zhibu-backup)
was=$(count "$DB")
# a meeting saved after the backup: gone after the restore, kept in the former file
run_script after 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-19<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>备份之后的会<Tab>
<F2>
KEYS
expect_eq "a meeting saved after the backup" "$(count "$DB")" $((was + 1))
run_zhibu restore --db "$DB" "$good"
expect_rc "restore a good backup: exit 0" 0
expect_contains "restore: says what came back" "$T/out" "已从备份 $good 恢复到 $DB"
expect_contains "restore: names the kept file" "$T/out" "原来的数据库已另存为 $DB.before-restore-"
expect_eq "restore: the data as in the backup" "$(count "$DB")" "$was"
kept=$(ls "$DB".before-restore-* 2>/dev/null | head -1)
expect_eq "restore: the former file kept (0600)" "$(stat -c %a "$kept" 2>/dev/null)" "600"
expect_eq "restore: the kept file is complete (the meeting saved after the backup)" \
    "$(sql "$kept" "select count(*) from meeting where topics like '%备份之后的会%'")" "1"
check_copy "the kept file" "$kept"
run_zhibu verify --db "$DB"
expect_contains "restore: verify 完整 on the restored ledger" "$T/out" "完整"
expect_eq "restore: no temporary file left" "$(ls "$T" | grep -c 'restore-tmp')" "0"

# refusals: nothing changes, nothing is kept
sum_before=$(sql "$DB" "select count(*) from meeting")
nkept=$(ls "$DB".before-restore-* | wc -l)
head -c 20000 "$good" >"$T/usb/truncated.zhibu-backup"
# flip SRC DST — 256 bytes changed at the start of the page that holds most rows (its header
# and cell pointers): bytes in a page's unused space (an empty index page, free space) are no damage
# any check could see, and where the middle of the file falls depends on the schema
flip() {
    pg=$(sqlite3 -readonly "$1" "select pageno from dbstat where pagetype = 'leaf'
        and name not like 'sqlite_%' order by ncell desc, pageno limit 1")
    sz=$(sqlite3 -readonly "$1" "pragma page_size")
    /usr/bin/python3 - "$1" "$2" "$pg" "$sz" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
at = (int(sys.argv[3]) - 1) * int(sys.argv[4])
for i in range(at, at + 256):
    b[i] ^= 0x5A
open(sys.argv[2], "wb").write(b)
PY
}
flip "$good" "$T/usb/flipped.zhibu-backup"
cp "$T/usb/flipped.zhibu-backup" "$T/damaged.copy"
echo "这不是数据库" >"$T/usb/text.zhibu-backup"
sqlite3 "$T/usb/foreign-sqlite.zhibu-backup" "create table t(x); insert into t values (1);"
run_zhibu restore --db "$DB" "$T/usb/truncated.zhibu-backup"
expect_rc "a truncated backup: refused" 1
expect_contains "a truncated backup: said so" "$T/err" "不完整（被截短了）"
run_zhibu restore --db "$DB" "$T/usb/flipped.zhibu-backup"
expect_rc "a backup with bytes changed: refused" 1
expect_contains "a backup with bytes changed: said so" "$T/err" "已损坏"
# a ledger damaged on disk is not backed up as if whole (the copy's pages are checked, beside
# the verification), and nothing is left in the backup folder
cp "$T/damaged.copy" "$T/damaged.db"
mkdir -p "$T/usb-damaged"
run_zhibu backup --db "$T/damaged.db" --to "$T/usb-damaged"
expect_rc "a damaged ledger: no backup" 1
expect_contains "a damaged ledger: said so" "$T/err" "已损坏"
expect_eq "a damaged ledger: nothing left in the folder" "$(ls -A "$T/usb-damaged" | wc -l)" 0
run_zhibu restore --db "$DB" "$T/usb/text.zhibu-backup"
expect_rc "a text file: refused" 1
expect_contains "a text file: not a zhibu database" "$T/err" "不是 zhibu 数据库"
run_zhibu restore --db "$DB" "$T/usb/foreign-sqlite.zhibu-backup"
expect_rc "another program's SQLite file: refused" 1
expect_contains "another program's SQLite file: not a zhibu database" "$T/err" "不是 zhibu 数据库"
run_zhibu restore --db "$DB" "$T/usb/none.zhibu-backup"
expect_rc "a missing backup: refused" 1
expect_contains "a missing backup: said so" "$T/err" "备份文件 $T/usb/none.zhibu-backup 不存在，未恢复"
run_zhibu backup --db "$T/other.db" --to "$T/usb"
foreign=$(sed -n 's/^已备份到 \(.*\)（.*$/\1/p' "$T/out")
run_zhibu restore --db "$DB" "$foreign"
expect_rc "another office's backup: refused" 1
myfpr=$("$ZHIBU" office show --db "$DB" | grep -o '[A-Z0-9]\{4\}-[A-Z0-9]\{4\}-[A-Z0-9]\{4\}-[A-Z0-9]\{4\}' | head -1)
expect_contains "another office's backup: names both offices" "$T/err" "来自另一个单位：备份是村（社区）支部“红旗村/党支部 第一”（指纹"
expect_contains "another office's backup: names this office's fingerprint" "$T/err" "当前的台账是村（社区）支部“红旗村/党支部 第一”（指纹 $myfpr）"
expect_eq "refusals: the ledger unchanged" "$(sql "$DB" "select count(*) from meeting")" "$sum_before"
expect_eq "refusals: nothing more kept" "$(ls "$DB".before-restore-* | wc -l)" "$nkept"
run_zhibu restore --db "$T/other.db" --force-other-office "$good"
expect_rc "--force-other-office: restored" 0
expect_contains "--force-other-office: said so" "$T/out" "注意：备份来自另一个单位"

# another zhibu has the database open: not replaced
printf ':touch %s/open\n:wait %s/close\n' "$T" "$T" >"$T/hold.keys"
(cd "$T" && "$ZHIBU" --db "$DB" $LOGIN --script "$T/hold.keys" >/dev/null 2>&1 </dev/null) &
holder=$!
wait_for "$T/open"
run_zhibu restore --db "$DB" "$good"
expect_rc "the database open in another zhibu: refused" 1
expect_contains "the database open in another zhibu: said so with its process" "$T/err" "正被另一个程序（进程 $holder）打开：请先退出它再恢复"
touch "$T/close"
wait $holder

# the PC died: restore into a new place
mkdir -p "$T/newpc"
run_zhibu restore --db "$T/newpc/zhibu.db" "$good"
expect_rc "restore into a missing file: exit 0" 0
expect_not_contains "restore into a missing file: nothing to keep" "$T/out" "另存为"
expect_eq "restore into a missing file: the data" "$(count "$T/newpc/zhibu.db")" "$was"
expect_eq "restore into a missing file: mode 0600" "$(stat -c %a "$T/newpc/zhibu.db")" "600"
run_zhibu verify --db "$T/newpc/zhibu.db"
expect_contains "restore into a missing file: verify 完整" "$T/out" "完整"
run_zhibu restore --db "$T/nodir/zhibu.db" "$good"
expect_rc "restore into a missing directory: refused" 1
expect_contains "restore into a missing directory: said so" "$T/err" "目录 $T/nodir 不存在"
run_zhibu restore --db "$DB"
expect_rc "restore without a file: usage error" 2
expect_contains "restore without a file: said so" "$T/err" "缺少备份文件"

# ---- the old config keys ------------------------------------------------------------------------
cat >"$T/old.ini" <<EOF
[database]
backup_dir = $T/usb
backup_keep = 3
EOF
run_zhibu --config "$T/old.ini" backup --db "$DB"
expect_rc "old keys: [database] backup_dir is read as [backup] dir" 0
expect_contains "old keys: warned with the new name" "$T/err" "键 database.backup_dir 已改为 [backup] dir"
expect_contains "old keys: warned for keep too" "$T/err" "键 database.backup_keep 已改为 [backup] keep"

# ---- a village whose PC died rebuilds from its own last bundle --------------------------------
# the township registered the village's office on its first bundle
run_zhibu bundle export --db "$DB" --branch 1101010001 --out "$T/last.zbx"
expect_rc "the village's last bundle" 0
oldfpr=$("$ZHIBU" office show --db "$DB" | grep -o '[A-Z0-9]\{4\}-[A-Z0-9]\{4\}-[A-Z0-9]\{4\}-[A-Z0-9]\{4\}' | head -1)
"$ZHIBU" init --test --office township --db "$T/town.db" --password-file "$PW" >/dev/null 2>&1
run_zhibu bundle import --db "$T/town.db" --trust "$oldfpr" "$T/last.zbx"
expect_rc "the township takes the village's bundle" 0
ledger=$(count "$DB")
# the new PC: a new village database, the bundle imported with the old office's fingerprint
run_zhibu init --test --db "$T/rebuilt.db" --password-file "$PW"
run_zhibu bundle import --db "$T/rebuilt.db" "$T/last.zbx"
expect_rc "rebuild: without the fingerprint confirmed, refused" 1
expect_contains "rebuild: asks for the fingerprint" "$T/err" "--trust $oldfpr"
run_zhibu bundle import --db "$T/rebuilt.db" --trust "$oldfpr" "$T/last.zbx"
expect_rc "rebuild: a fresh village database takes its own branch's bundle" 0
expect_contains "rebuild: the branch comes back" "$T/out" "新支部"
expect_eq "rebuild: every meeting back" "$(count "$T/rebuilt.db")" "$ledger"
run_zhibu verify --db "$T/rebuilt.db"
expect_rc "rebuild: verify" 0
expect_contains "rebuild: verify says 完整" "$T/out" "完整"
run_zhibu office list --db "$T/rebuilt.db"
expect_contains "rebuild: the old office is the branch's ledger office" "$T/out" "$oldfpr"
# the secretary goes on writing on the new PC
"$ZHIBU" user add --db "$T/rebuilt.db" --as admin --as-password-file "$PW" --login shuji2 --name 王书记 \
    --role secretary --branch 1101010001 --password-file "$PW" >/dev/null 2>&1
keepdb=$DB
DB=$T/rebuilt.db
login_as shuji2
run_script rebuilt 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>新电脑上的会<Tab>
<F2>
KEYS
expect_eq "rebuild: a meeting saved on the new PC" "$(count "$T/rebuilt.db")" $((ledger + 1))
run_zhibu verify --db "$T/rebuilt.db"
expect_contains "rebuild: still 完整 after new work" "$T/out" "完整"
# the township: the new PC's key is not the registered one until an administrator confirms it
run_zhibu bundle export --db "$T/rebuilt.db" --branch 1101010001 --out "$T/new.zbx"
newfpr=$("$ZHIBU" office show --db "$T/rebuilt.db" | grep -o '[A-Z0-9]\{4\}-[A-Z0-9]\{4\}-[A-Z0-9]\{4\}-[A-Z0-9]\{4\}' | head -1)
run_zhibu bundle import --db "$T/town.db" "$T/new.zbx"
expect_rc "township: the new key refused until confirmed" 1
expect_contains "township: names both fingerprints" "$T/err" "$oldfpr"
expect_contains "township: names the new fingerprint" "$T/err" "$newfpr"
run_zhibu bundle import --db "$T/town.db" --trust "$newfpr" "$T/new.zbx"
expect_rc "township: the new key taken once confirmed" 0
expect_eq "township: the meeting from the new PC arrived" \
    "$(sql "$T/town.db" "select count(*) from meeting where topics like '%新电脑上的会%'")" "1"
run_zhibu verify --db "$T/town.db"
expect_contains "township: verify 完整" "$T/out" "完整"
DB=$keepdb
