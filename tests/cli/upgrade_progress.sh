#!/bin/sh
# What an upgrade says while it runs (issue 17): opening an older ledger upgrades it (backup,
# steps, VACUUM), minutes on a multi-GB file. On standard error one line when it starts and one
# when it is done (a script or a log gets those two, not hundreds); on a terminal one line between
# them rewritten in place. A schema-12 ledger with two allocations of one payment for one month
# (never written by zhibu; a crafted bundle could bring them) is refused in Chinese, naming the
# branch, the member, the payment and the month, nothing deleted or merged, the file as it was.
# A disk too small for the backup and the VACUUM: refused before anything is written (a small
# tmpfs, where mounts are permitted).
. "$(dirname "$0")/../lib.sh"

FIXTURE=$ROOT/tests/fixtures/v12-demo.sql.gz
load() {
    rm -f "$1" "$1-wal" "$1-shm"
    gunzip -c "$FIXTURE" | sqlite3 -batch "$1"
}

# ---- not a terminal: a start line and an end line ----
load "$T/up.db"
run_zhibu list members --db "$T/up.db" --format csv
expect_rc "upgraded by list members" 0
expect_eq "at version 14" "$(sql "$T/up.db" "pragma user_version")" "14"
BAK=$(ls "$T"/up.db.v12-*.bak 2>/dev/null | head -1)
expect_eq "the start line, naming the file and the versions" "$(head -1 "$T/err")" \
    "正在升级数据库 $T/up.db（版本 12 → 14），请勿关闭程序……"
expect_contains "the end line, naming the backup" "$T/err" "，升级前的备份：$BAK"
expect_eq "the end line says the new version" "$(tail -1 "$T/err" | sed 's/（用时 [0-9]* 秒）.*//')" "数据库已升级到版本 14"
expect_eq "two lines, nothing between them" "$(wc -l <"$T/err" | tr -d ' ')" "2"
expect_eq "no carriage return or escape when not a terminal" "$(tr -d '\n' <"$T/err" | tr -cd '\r\033' | wc -c | tr -d ' ')" "0"
expect_contains "the output itself as before" "$T/out" "branch_code,name,"
run_zhibu list members --db "$T/up.db" --format csv
expect_eq "opened again: nothing said" "$(wc -c <"$T/err" | tr -d ' ')" "0"

# ---- a terminal: the line between rewritten in place, not scrolled ----
if command -v script >/dev/null 2>&1; then
    load "$T/tty.db"
    script -qc "'$ZHIBU' list members --db '$T/tty.db' --format csv >/dev/null" /dev/null </dev/null >"$T/tty.txt" 2>&1
    expect_eq "terminal: upgraded" "$(sql "$T/tty.db" "pragma user_version")" "14"
    expect_contains "terminal: the start line" "$T/tty.txt" "正在升级数据库 $T/tty.db（版本 12 → 14）"
    expect_contains "terminal: the progress line (the backup first)" "$T/tty.txt" "升级前备份 100%"
    expect_contains "terminal: the end line" "$T/tty.txt" "数据库已升级到版本 14"
    expect_eq "terminal: three lines in all (start, progress rewritten, end)" \
        "$(tr -d '\r' <"$T/tty.txt" | grep -c .)" "2"
    expect_eq "terminal: a few rewrites at most" \
        "$([ "$(tr -cd '\r' <"$T/tty.txt" | wc -c)" -le 12 ] && echo few)" "few"
else
    echo "    note: upgrade_progress: script(1) is not installed: the terminal's progress line is not tested"
fi

# ---- two allocations of one payment for one month: refused in Chinese, nothing changed ----
load "$T/dup.db"
sql "$T/dup.db" "insert into dues_allocation (uuid, payment_id, month, amount, created_at, updated_at, member_id)
    select lower(hex(randomblob(16))), payment_id, month, amount, created_at, updated_at, member_id
    from dues_allocation where payment_id = 2 and month = '2026-01'"
expect_eq "the crafted ledger holds the pair" \
    "$(sql "$T/dup.db" "select count(*) from dues_allocation where payment_id = 2 and month = '2026-01'")" "2"
sqlite3 -batch "$T/dup.db" ".dump" >"$T/dup-before.sql"
run_zhibu list members --db "$T/dup.db" --format csv
expect_rc "duplicate allocation: exit 1" 1
DBAK=$(ls "$T"/dup.db.v12-*.bak 2>/dev/null | head -1)
expect_contains "duplicate allocation: says what is wrong" "$T/err" "无法升级到版本 13：同一笔交费的同一个月有两条分配记录"
expect_contains "duplicate allocation: names branch, member, payment and month" "$T/err" \
    "镇政府机关党支部（1101010001）党员 张峰贵 2026-01-25 的交费（收据号 2026-0002，315.96 元）2026-01 记了 2 次"
expect_contains "duplicate allocation: how many" "$T/err" "共 1 处"
expect_contains "duplicate allocation: nothing deleted or merged, the file as it was" "$T/err" \
    "没有删除或合并任何记录，数据库没有改动（仍为版本 12）"
expect_contains "duplicate allocation: where the backup is" "$T/err" "升级前的备份是 $DBAK"
expect_contains "duplicate allocation: whom to ask" "$T/err" "请把这段说明交给上级党委或 zhibu 的技术支持"
expect_not_contains "duplicate allocation: no English reason" "$T/err" "constraint"
expect_not_contains "duplicate allocation: not the bare failure" "$T/err" "失败（重建表 dues_allocation）"
expect_eq "duplicate allocation: still version 12" "$(sql "$T/dup.db" "pragma user_version")" "12"
sqlite3 -batch "$T/dup.db" ".dump" >"$T/dup-after.sql"
if cmp -s "$T/dup-before.sql" "$T/dup-after.sql"; then ok "duplicate allocation: the database as it was (both rows kept)"; else
    fail "duplicate allocation: the database as it was (both rows kept)" "$(diff "$T/dup-before.sql" "$T/dup-after.sql" | head -5)"; fi
expect_eq "duplicate allocation: the backup at version 12" "$(sql "$DBAK" "pragma user_version")" "12"
expect_eq "duplicate allocation: the start line, no end line" \
    "$(grep -c '正在升级数据库' "$T/err")$(grep -c '数据库已升级' "$T/err")" "10"
# the pair removed by whoever sorts it out: the upgrade then goes through
sql "$T/dup.db" "delete from dues_allocation where id = (select max(id) from dues_allocation where payment_id = 2)"
run_zhibu list members --db "$T/dup.db" --format csv
expect_rc "the pair sorted out: the upgrade goes through" 0
expect_eq "the pair sorted out: version 14" "$(sql "$T/dup.db" "pragma user_version")" "14"

# ---- a disk too small for the backup and the steps: refused before anything is written ----
MOUNTS=no
mkdir "$T/try-mount" && mount -t tmpfs -o size=64k tmpfs "$T/try-mount" 2>/dev/null && umount "$T/try-mount" && MOUNTS=yes
if [ "$MOUNTS" != yes ]; then
    echo "    note: upgrade_progress: mounts are not permitted here: the small disk (a tmpfs) is not tested"
else
    mkdir "$T/small"
    mount -t tmpfs -o size=16m tmpfs "$T/small"
    load "$T/small/ledger.db"
    SUM=$(md5sum <"$T/small/ledger.db")
    run_zhibu list members --db "$T/small/ledger.db" --format csv
    expect_rc "small disk: refused" 1
    expect_contains "small disk: says why, with the sizes" "$T/err" "磁盘空间不足，不能升级数据库 $T/small/ledger.db（版本 12 → 14）：数据库所在的磁盘需要约"
    expect_contains "small disk: the backup's size" "$T/err" "（升级前的备份 4 MB，升级中临时占用 66 MB），现在只有 1"
    expect_contains "small disk: the file untouched, what to do" "$T/err" "数据库没有改动；请先腾出磁盘空间"
    expect_eq "small disk: the file untouched" "$(md5sum <"$T/small/ledger.db")" "$SUM"
    expect_eq "small disk: no backup" "$(ls "$T/small" | grep -c '\.bak')" "0"
    expect_eq "small disk: still version 12" "$(sql "$T/small/ledger.db" "pragma user_version")" "12"
    expect_not_contains "small disk: no start line (nothing started)" "$T/err" "正在升级"
    umount "$T/small"
    # room for the backup and the steps but not for the VACUUM (twice the content and 64 MB):
    # the upgrade goes through, the file is not shrunk (its free pages kept), nothing is lost
    mkdir "$T/mid"
    mount -t tmpfs -o size=76m tmpfs "$T/mid"
    load "$T/mid/ledger.db"
    run_zhibu list members --db "$T/mid/ledger.db" --format csv
    expect_rc "no room for the VACUUM: the upgrade goes through" 0
    expect_contains "no room for the VACUUM: it says it is done" "$T/err" "数据库已升级到版本 14"
    expect_eq "no room for the VACUUM: version 14" "$(sql "$T/mid/ledger.db" "pragma user_version")" "14"
    expect_eq "no room for the VACUUM: the backup made" "$(ls "$T/mid" | grep -c '\.v12-.*\.bak$')" "1"
    expect_eq "no room for the VACUUM: not shrunk (its free pages kept)" \
        "$(sql "$T/mid/ledger.db" "select freelist_count > 0 from pragma_freelist_count")" "1"
    run_zhibu verify --db "$T/mid/ledger.db"
    expect_contains "no room for the VACUUM: verify 完整" "$T/out" "完整"
    umount "$T/mid"
fi
