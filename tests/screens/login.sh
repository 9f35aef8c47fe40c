#!/bin/sh
# Logging in to the interface: --user with --password-file as scripts do (right password, wrong
# password, unknown user, a missing password file, five wrong passwords lock the account until
# the lockout has passed, a disabled account); and the login screen itself (a wrong password
# clears the field and says how many tries are left; the right one opens the home screen).
. "$(dirname "$0")/../lib.sh"

new_branch_db
printf 'wrongpass\n' >"$T/wrong"
export ZHIBU_NOW=2026-11-21T08:00:00Z
printf ':dump %s/home.txt\n' "$T" >"$T/home.keys"
ui() { run_zhibu --db "$DB" "$@" --script "$T/home.keys" --size 80x24; }

ui --user shuji --password-file "$PW"
expect_rc "the right password opens the interface" 0
expect_contains "as the secretary" "$T/home.txt" "王书记（支部书记）"

rm -f "$T/home.txt"
ui --user shuji --password-file "$T/wrong"
expect_rc "a wrong password: exit 1" 1
expect_contains "a wrong password: the message" "$T/err" "用户名或密码错误（还可尝试 4 次）"
[ -e "$T/home.txt" ] && fail "a wrong password: no screen" "the interface opened" || ok "a wrong password: no screen"

ui --user nobody --password-file "$PW"
expect_rc "an unknown user: exit 1" 1
expect_contains "an unknown user: the same message as a wrong password" "$T/err" "用户名或密码错误"

ui --user shuji --password-file "$T/missing"
expect_rc "a missing password file: refused" 1
expect_contains "a missing password file: the message" "$T/err" "$T/missing"

# five wrong passwords in a row lock the account (the earlier one counts)
for i in 2 3 4 5; do ui --user shuji --password-file "$T/wrong"; done
expect_contains "the fifth wrong password locks" "$T/err" "账号已锁定"
ui --user shuji --password-file "$PW"
expect_rc "locked: even the right password is refused" 1
expect_contains "locked: says until when" "$T/err" "后再试"
ZHIBU_NOW=2026-11-21T08:04:59Z ui --user shuji --password-file "$PW"
expect_rc "still locked a second before the five minutes" 1
ZHIBU_NOW=2026-11-21T08:05:01Z ui --user shuji --password-file "$PW"
expect_rc "after five minutes the right password works" 0

run_zhibu user disable --db "$DB" --as admin --as-password-file "$PW" --login shuji
expect_rc "the administrator disables the secretary" 0
ui --user shuji --password-file "$PW"
expect_rc "a disabled account: exit 1" 1
expect_contains "a disabled account: the message" "$T/err" "账号已停用"
run_zhibu user enable --db "$DB" --as admin --as-password-file "$PW" --login shuji

# the login screen: a wrong password, then the right one
LOGIN=
run_script screen 80x24 <<'KEYS'
:dump login.txt
shuji<Tab>wrongpass<Enter>
:dump wrong.txt
test1234<Enter>
:dump in.txt
KEYS
expect_contains "the login screen" "$T/login.txt" "用户名"
expect_fits "the login screen fits 80x24" "$T/login.txt" 80 24
expect_contains "a wrong password on the screen" "$T/wrong.txt" "用户名或密码错误"
expect_not_contains "the password never shows" "$T/wrong.txt" "wrongpass"
expect_contains "the right password opens home" "$T/in.txt" "红旗村党支部（农村，组织代码 1101010001）"
# five wrong, two refused while locked, one refused while disabled, one wrong on the screen
expect_eq "every refused login is in the journal" \
    "$(sql "$DB" "select count(*) from history where table_name = 'app_user' and action in ('login_failed', 'locked')")" "9"
