#!/bin/sh
# What a user can get wrong before the screen starts: a malformed config line, a database file
# that is not SQLite, a read-only or missing directory, a newer database, bad options.
. "$(dirname "$0")/../lib.sh"

# A malformed config line: message names the file and the line; exit 2; no screen drawn.
cat >"$T/bad.ini" <<'INI'
[database]
path = x.db
this line has no equals sign
INI
printf ':dump drawn.txt\n' >"$T/k"
(cd "$T" && "$ZHIBU" --config "$T/bad.ini" --db "$T/c.db" --script "$T/k" >"$T/out" 2>"$T/err")
RC=$?
expect_rc "malformed config exits 2" 2
expect_contains "malformed config names file and line" "$T/err" "配置文件 $T/bad.ini 第 3 行："
if [ -e "$T/drawn.txt" ]; then fail "no screen before the config is read" "a dump was written"; else ok "no screen before the config is read"; fi
if [ -e "$T/c.db" ]; then fail "no database created on a config error" "c.db exists"; else ok "no database created on a config error"; fi
ZHIBU_CONFIG=$T/bad.ini run_zhibu list members --db "$T/c.db" --format csv
expect_rc "subcommands also refuse a malformed config" 2

# Unknown key: a warning, and the program goes on.
printf '[dues]\nfarmer_amount = 50\nfarmer_amout = 60\n' >"$T/typo.ini"
DB=$T/typo.db
printf ':dump typo.txt\n' >"$T/k2"
(cd "$T" && "$ZHIBU" --config "$T/typo.ini" --db "$DB" --script "$T/k2" >"$T/out" 2>"$T/err")
RC=$?
expect_rc "an unknown key is only a warning" 0
expect_contains "the unknown key is named" "$T/err" "farmer_amout"
expect_contains "the screen still opens" "$T/typo.txt" "支部工作台账"

# A missing explicit config file.
run_zhibu --config "$T/nope.ini" --db "$T/x.db" --script "$T/k"
expect_rc "a missing --config file exits 2" 2
expect_contains "a missing --config file is named" "$T/err" "$T/nope.ini"

# A file that is not SQLite: a clear error, and the file is unchanged.
printf '这不是数据库\nhello\n' >"$T/notes.db"
cp "$T/notes.db" "$T/notes.orig"
run_zhibu --db "$T/notes.db" --script "$T/k"
expect_rc "a non-SQLite file is refused" 1
expect_contains "the message says it is not a zhibu database" "$T/err" "不是 zhibu 数据库"
if cmp -s "$T/notes.db" "$T/notes.orig"; then ok "the non-SQLite file is unchanged"; else fail "the non-SQLite file is unchanged" "bytes differ"; fi
run_zhibu list members --db "$T/notes.db" --format csv
expect_rc "list refuses a non-SQLite file" 1

# A database made by a newer zhibu: refused, unchanged.
sqlite3 "$T/newer.db" 'create table t(x); pragma user_version=99;'
cp "$T/newer.db" "$T/newer.orig"
run_zhibu --db "$T/newer.db" --script "$T/k"
expect_rc "a newer database is refused" 1
expect_contains "the message asks to upgrade" "$T/err" "更新版本"
if cmp -s "$T/newer.db" "$T/newer.orig"; then ok "the newer database is unchanged"; else fail "the newer database is unchanged" "bytes differ"; fi

# A directory that does not exist, and one that cannot be written.
run_zhibu --db "$T/no/such/dir/z.db" --script "$T/k"
expect_rc "a missing directory is refused" 1
expect_contains "the missing directory is named" "$T/err" "$T/no/such/dir/z.db"
mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
    run_zhibu --db "$T/ro/z.db" --script "$T/k"
    expect_rc "a read-only directory is refused" 1
    expect_contains "the read-only directory is explained" "$T/err" "$T/ro/z.db"
    if [ -e "$T/ro/z.db" ]; then fail "nothing created in a read-only directory" "z.db exists"; else ok "nothing created in a read-only directory"; fi
else
    # root writes anywhere; run as nobody when we can, else note it
    if command -v setpriv >/dev/null 2>&1; then
        chmod 777 "$T"
        setpriv --reuid=65534 --regid=65534 --clear-groups "$ZHIBU" --db "$T/ro/z.db" --script "$T/k" >"$T/out" 2>"$T/err"
        RC=$?
        expect_rc "a read-only directory is refused" 1
        expect_contains "the read-only directory is explained" "$T/err" "$T/ro/z.db"
        if [ -e "$T/ro/z.db" ]; then fail "nothing created in a read-only directory" "z.db exists"; else ok "nothing created in a read-only directory"; fi
    else
        ok "read-only directory (skipped: running as root without setpriv)"
    fi
fi

# Bad options.
run_zhibu --size 80by24 --script "$T/k"
expect_rc "a bad --size exits 2" 2
expect_contains "a bad --size is explained" "$T/err" "无效的屏幕大小"
run_zhibu --frobnicate
expect_rc "an unknown option exits 2" 2
run_zhibu frobnicate
expect_rc "an unknown subcommand exits 2" 2
expect_contains "an unknown subcommand is named" "$T/err" "未知的子命令 frobnicate"
printf '<F99>\n' >"$T/badkey"
run_zhibu --db "$T/k.db" --script "$T/badkey"
expect_rc "a script with an unknown key exits 2" 2
expect_contains "the unknown key is reported with its line" "$T/err" "第 1 行：未知的键 <F99>"

run_zhibu --help
expect_rc "--help exits 0" 0
expect_contains "--help shows usage" "$T/out" "用法：zhibu"
run_zhibu --version
expect_contains "--version prints the version" "$T/out" "zhibu 0."
