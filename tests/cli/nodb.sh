#!/bin/sh
# No --db (issue 15): `zhibu` run in some folder with no --db and no [database] path configured
# makes no ./zhibu.db there: it says where the ledger is configured and how to make one (exit 2);
# a configured path that does not exist is named with its config file and not made (exit 1); a
# configured ledger that exists opens; --db NEW still leads to 首次使用. The subcommands without
# --db say so and make no file either (init used to make ./zhibu.db).
. "$(dirname "$0")/../lib.sh"

E=$T/empty
mkdir "$E"
# run_in ARGS... — zhibu in the empty folder
run_in() { (cd "$E" && run_zhibu "$@"; echo "$RC" >"$T/rc"); RC=$(cat "$T/rc"); }
# nothing_made NAME — the folder is still empty
nothing_made() { expect_eq "$1" "$(ls -A "$E")" ""; }

# What a person does on the 首次使用 screen if it comes up: make the administrator (the old
# behaviour then kept ./zhibu.db in the folder).
cat >"$T/admin.keys" <<KEYS
<Tab>管理员<Tab>test1234<Tab>test1234<Enter>
<F10>
KEYS
S="--script $T/admin.keys"

# ---- no config file at all ----------------------------------------------------------------
if [ ! -e /etc/zhibu/zhibu.ini ]; then
    (unset ZHIBU_CONFIG; cd "$E" && "$ZHIBU" $S >"$T/out" 2>"$T/err" </dev/null; echo $? >"$T/rc")
    RC=$(cat "$T/rc")
    expect_rc "no config, no --db: refused" 2
    expect_contains "no config: the message" "$T/err" "没有指定台账文件。请用 --db 文件 打开台账"
    expect_contains "no config: the places looked at" "$T/err" "没有找到，查找了 \$ZHIBU_CONFIG、./config/zhibu.ini、/etc/zhibu/zhibu.ini"
    expect_contains "no config: how to make one" "$T/err" "新建台账：zhibu init --db 文件"
    nothing_made "no config: no file made"
else
    ok "no config: skipped (this machine has /etc/zhibu/zhibu.ini)"
fi

# ---- the shipped config: no path ----------------------------------------------------------
run_in $S
expect_rc "shipped config, no --db: refused" 2
expect_contains "shipped config: names the config file" "$T/err" "在配置文件（$ROOT/config/zhibu.ini）的 [database] path 写明台账位置"
expect_contains "shipped config: how to make one" "$T/err" "zhibu init --db 文件"
expect_eq "shipped config: nothing on standard output" "$(cat "$T/out")" ""
nothing_made "shipped config: no file made"
run_in --test $S
expect_rc "--test without --db: refused too" 2
nothing_made "--test without --db: no file made"

# ---- a configured path that does not exist ------------------------------------------------
printf '[database]\npath = %s/ledger.db\n' "$T" >"$T/c.ini"
run_in --config "$T/c.ini" $S
expect_rc "configured ledger missing: refused" 1
expect_contains "configured ledger missing: names the config and the file" "$T/err" \
    "配置文件（$T/c.ini）的 [database] path 指定的台账 $T/ledger.db 不存在，没有新建"
expect_contains "configured ledger missing: how to make it" "$T/err" "新建台账：zhibu init --db $T/ledger.db"
expect_eq "configured ledger missing: not made" "$(ls "$T/ledger.db" 2>/dev/null)" ""
nothing_made "configured ledger missing: nothing in the folder"

# ---- a configured ledger that exists opens -----------------------------------------------
run_zhibu init --test --db "$T/ledger.db" --password-file "$PW"
expect_rc "init the configured ledger" 0
printf ':dump %s/configured.txt\n' "$T" >"$T/k.keys"
run_in --config "$T/c.ini" --user admin --password-file "$PW" --script "$T/k.keys"
expect_rc "configured ledger: opens" 0
expect_contains "configured ledger: the home screen" "$T/configured.txt" "功能（按数字键）"
nothing_made "configured ledger: nothing in the folder"

# ---- --db NEW: first use as before ---------------------------------------------------------
cat >"$T/first.keys" <<KEYS
:dump $T/first.txt
<Esc>
KEYS
run_in --test --db new.db --script "$T/first.keys"
expect_rc "--db NEW: runs" 0
expect_contains "--db NEW: first use" "$T/first.txt" "首次使用：创建管理员账号"
nothing_made "--db NEW left at first use: nothing kept"
cat >"$T/made.keys" <<KEYS
<Tab>管理员<Tab>test1234<Tab>test1234<Enter>
:dump $T/made.txt
KEYS
run_in --test --db new.db --script "$T/made.keys"
expect_rc "--db NEW with an administrator: runs" 0
expect_contains "--db NEW with an administrator: home" "$T/made.txt" "功能（按数字键）"
expect_eq "--db NEW with an administrator: the ledger is made" "$(sql "$E/new.db" "select login from app_user")" admin
rm -f "$E"/new.db*

# ---- subcommands without --db --------------------------------------------------------------
for cmd in "init --password-file $PW" "demo" "list members --format csv" "audit --format text" \
    "report --out r.xlsx" "verify" "export meetings --branch 1 --out m.csv" \
    "bundle export --branch 1 --out b.zbx" "office show" "user list --as admin"; do
    # shellcheck disable=SC2086
    run_in $cmd
    name=${cmd%% -*}
    expect_rc "$name without --db: usage error" 2
    expect_contains "$name without --db: says so" "$T/err" "缺少 --db"
    nothing_made "$name without --db: no file made"
done
