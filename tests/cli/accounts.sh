#!/bin/sh
# zhibu init and zhibu user: the first administrator, accounts of each role, refusals of bad
# logins and passwords (message, exit status, nothing written), the administrator's password
# (--as), a secretary refused by the store, list, disable/enable, passwd, lockout, the terminal
# prompt, and the demo's three accounts.
. "$(dirname "$0")/../lib.sh"

DB=$T/acct.db
q() { sql "$DB" "$1"; }
printf 'admin-pw1\n' >"$T/admin.pw"
printf 'shuji-pw1\n' >"$T/shuji.pw"
printf 'wrong-pw1\n' >"$T/wrong.pw"
: >"$T/empty.pw"
head -c 1000 /dev/zero | tr '\0' 'x' >"$T/long.pw"
# at_time TIMESTAMP ARGS... — run_zhibu with the clock fixed (lockouts)
at_time() { ZHIBU_NOW=$1; export ZHIBU_NOW; shift; run_zhibu "$@"; unset ZHIBU_NOW; }
AS="--as admin --as-password-file $T/admin.pw"

# ---- help ----
run_zhibu init --help
expect_rc "init --help" 0
expect_contains "init --help names the options" "$T/out" "--password-file"
run_zhibu user --help
expect_rc "user --help" 0
expect_contains "user --help names the roles" "$T/out" "secretary、reviewer 或 admin"

# ---- no account yet ----
run_zhibu user list --db "$DB"
expect_rc "user on a missing database refused" 1
[ -e "$DB" ] && fail "user does not create a database" "$DB exists" || ok "user does not create a database"

# ---- init ----
run_zhibu init --db "$DB" --login "管理员" --password-file "$T/admin.pw"
expect_rc "init: a Chinese login refused" 1
expect_contains "init: the message says the display name may be Chinese" "$T/err" "显示名"
[ -e "$DB" ] && fail "init refused: no file" "$DB exists" || ok "init refused: no file"
run_zhibu init --db "$DB" --password-file "$T/empty.pw"
expect_rc "init: an empty password file refused" 1
expect_contains "init: empty password message" "$T/err" "密码不能为空"
[ -e "$DB" ] && fail "init with empty password: no file" "$DB exists" || ok "init with empty password: no file"
run_zhibu init --db "$DB" --password-file "$T/long.pw"
expect_rc "init: a 1,000-character password refused" 1
expect_contains "init: long password message" "$T/err" "密码太长：最多 128 个字节"
run_zhibu init --db "$DB" --password-file "$T/none.pw"
expect_rc "init: a missing password file refused" 1
expect_contains "init: missing password file message" "$T/err" "无法读取密码文件"
run_zhibu init --db "$DB" --bogus
expect_rc "init: an unknown option is a usage error" 2

run_zhibu init --db "$DB" --password-file "$T/admin.pw"
expect_rc "init creates the database" 0
expect_contains "init says what it made" "$T/err" "已创建数据库 $DB 和管理员账号 admin（管理员）"
expect_eq "init: one administrator" "$(q "select login || '|' || display_name || '|' || role || '|' || disabled from app_user")" "admin|管理员|admin|0"
expect_eq "init: an argon2id hash, not the password" \
    "$(q "select substr(pw_hash, 1, 10), instr(pw_hash, 'admin-pw1') from app_user")" '$argon2id$|0'
expect_eq "init: history of the new account" "$(q "select count(*) from history where table_name = 'app_user' and action = 'insert'")" "1"

run_zhibu init --db "$DB" --password-file "$T/admin.pw"
expect_rc "init again refused" 1
expect_contains "init again: message" "$T/err" "数据库 $DB 已有账号，无需初始化"
expect_eq "init again: still one account" "$(q "select count(*) from app_user")" "1"

# a database with data but no account yet can be initialised (and the admin named)
DB2=$T/old.db
run_zhibu demo --db "$DB2" --branches 1 --years 0
sql "$DB2" "delete from app_user" # stand-in for a database from before accounts
run_zhibu init --db "$DB2" --login boss --name 老板 --password-file "$T/admin.pw"
expect_rc "init on a database without accounts" 0
expect_contains "init on an existing database says so" "$T/err" "已在数据库 $DB2 中创建管理员账号 boss（老板）"

# ---- branches for the accounts: through the store as the system (demo of one branch) ----
sql "$DB" "insert into branch(uuid, code, name, type, created_at, created_by, updated_at)
           values ('b0', '1101010000', '柳河镇党委', 'organ', 't', 't', 't');
           insert into branch(uuid, code, name, type, parent_id, created_at, created_by, updated_at)
           values ('b1', '1101010001', '红旗村党支部', 'rural', 1, 't', 't', 't');"

# ---- user add ----
run_zhibu user add --db "$DB" --login shuji --role secretary --branch 1101010001 --name 王书记 --password-file "$T/shuji.pw"
expect_rc "user add without --as refused (usage)" 2
expect_contains "user add without --as: message" "$T/err" "--as"

run_zhibu user add --db "$DB" --as admin --as-password-file "$T/wrong.pw" --login shuji --role secretary --branch 1101010001 --password-file "$T/shuji.pw"
expect_rc "--as with a wrong password refused" 1
expect_contains "--as wrong password: message" "$T/err" "用户名或密码错误（还可尝试 4 次）"
expect_eq "--as wrong password: nothing added" "$(q "select count(*) from app_user")" "1"
expect_eq "--as wrong password: counted" "$(q "select failed_logins from app_user where login = 'admin'")" "1"

run_zhibu user add --db "$DB" $AS --login shuji --role secretary --branch 1101010001 --name 王书记 --password-file "$T/shuji.pw"
expect_rc "user add secretary" 0
expect_contains "user add says what it made" "$T/err" "已添加账号 shuji（王书记，支部书记，1101010001）"
expect_eq "the admin's count was reset by the login" "$(q "select failed_logins from app_user where login = 'admin'")" "0"
run_zhibu user add --db "$DB" $AS --login shencha --role reviewer --name 审查员 --password-file "$T/shuji.pw"
expect_rc "user add reviewer of every branch" 0
run_zhibu user add --db "$DB" $AS --login zhen.shencha --role reviewer --branch 1101010000 --password-file "$T/shuji.pw"
expect_rc "user add reviewer of the township" 0
run_zhibu user add --db "$DB" $AS --login admin2 --role admin --name 副管理员 --password-file "$T/shuji.pw"
expect_rc "user add admin" 0
expect_eq "four roles stored with their branches" \
    "$(q "select group_concat(login || ':' || role || ':' || ifnull(branch_id, ''), ' ') from (select * from app_user order by login)")" \
    "admin:admin: admin2:admin: shencha:reviewer: shuji:secretary:2 zhen.shencha:reviewer:1"
# issue 15: a branch or a scope assigned (the store's rule, shared with the 账号管理 screen)
run_zhibu user branch --db "$DB" $AS --login shencha --branch 1101010000
expect_rc "user branch: a reviewer's scope" 0
expect_contains "user branch: says so" "$T/err" "已将账号 shencha 的支部改为 1101010000"
run_zhibu user branch --db "$DB" $AS --login shencha
expect_rc "user branch: a reviewer back to every branch" 0
run_zhibu user branch --db "$DB" $AS --login shuji
expect_rc "user branch: a secretary needs one" 1
expect_contains "user branch: a secretary needs one: message" "$T/err" "支部书记账号必须指定所在支部"
run_zhibu user branch --db "$DB" $AS --login admin2 --branch 1101010001
expect_rc "user branch: not an administrator" 1
expect_contains "user branch: not an administrator: message" "$T/err" "管理员账号不属于某个支部"
run_zhibu user branch --db "$DB" $AS --login shuji --branch 9999
expect_rc "user branch: an unknown branch" 1
expect_eq "user branch: history" "$(q "select count(*) from history h join app_user u on u.uuid = h.row_uuid where u.login = 'shencha' and h.action = 'branch'")" 2
expect_eq "user branch: the secretary keeps hers" "$(q "select branch_id from app_user where login = 'shuji'")" 2
expect_eq "adds are recorded as made by admin" \
    "$(q "select count(*) from history where table_name = 'app_user' and action = 'insert' and changed_by = 'admin'")" "4"

n_users=$(q "select count(*) from app_user")
n_hist=$(q "select count(*) from history where action <> 'login'") # each --as logs in
run_zhibu user add --db "$DB" $AS --login 王书记 --role secretary --branch 1101010001 --password-file "$T/shuji.pw"
expect_rc "a Chinese login refused" 1
expect_contains "Chinese login: the display name may be Chinese" "$T/err" "用户名不能用中文"
run_zhibu user add --db "$DB" $AS --login "wang shuji" --role secretary --branch 1101010001 --password-file "$T/shuji.pw"
expect_rc "a login with a space refused" 1
expect_contains "login with a space: message" "$T/err" "用户名不能包含空格"
run_zhibu user add --db "$DB" $AS --login wang --role secretary --branch 1101010001 --password-file "$T/empty.pw"
expect_rc "an empty password file refused" 1
expect_contains "empty password: message" "$T/err" "密码不能为空"
run_zhibu user add --db "$DB" $AS --login wang --role secretary --branch 1101010001 --password-file "$T/long.pw"
expect_rc "a 1,000-character password refused" 1
expect_contains "long password: message" "$T/err" "密码太长"
run_zhibu user add --db "$DB" $AS --login shuji --role secretary --branch 1101010001 --password-file "$T/shuji.pw"
expect_rc "a taken login refused" 1
expect_contains "taken login: message" "$T/err" "用户名 shuji 已存在"
run_zhibu user add --db "$DB" $AS --login wang --role secretary --branch 9999999999 --password-file "$T/shuji.pw"
expect_rc "an unknown branch refused" 1
expect_contains "unknown branch: message" "$T/err" "没有组织代码为 9999999999 的支部"
run_zhibu user add --db "$DB" $AS --login wang --role secretary --password-file "$T/shuji.pw"
expect_rc "a secretary without a branch is a usage error" 2
run_zhibu user add --db "$DB" $AS --login wang --role boss --password-file "$T/shuji.pw"
expect_rc "an unknown role is a usage error" 2
expect_contains "unknown role: message" "$T/err" "--role 应为 secretary、reviewer、admin 或 inspector"
run_zhibu user add --db "$DB" $AS --login wang --role admin --branch 1101010001 --password-file "$T/shuji.pw"
expect_rc "an admin with a branch is a usage error" 2
run_zhibu user frobnicate --db "$DB" $AS
expect_rc "an unknown action is a usage error" 2
expect_eq "refusals wrote no account" "$(q "select count(*) from app_user")" "$n_users"
expect_eq "refusals wrote no history but the logins" "$(q "select count(*) from history where action <> 'login'")" "$n_hist"

# ---- a secretary as --as: logged in, then refused by the store ----
run_zhibu user add --db "$DB" --as shuji --as-password-file "$T/shuji.pw" --login wang --role secretary --branch 1101010001 --password-file "$T/shuji.pw"
expect_rc "--as a secretary refused" 1
expect_not_contains "--as a secretary: not a password problem" "$T/err" "密码错误"
expect_eq "--as a secretary: nothing added" "$(q "select count(*) from app_user where login = 'wang'")" "0"
run_zhibu user disable --db "$DB" --as shuji --as-password-file "$T/shuji.pw" --login shencha
expect_rc "--as a secretary cannot disable" 1
run_zhibu user list --db "$DB" --as shuji --as-password-file "$T/shuji.pw"
expect_rc "--as a secretary cannot list" 1
expect_contains "list refused: message" "$T/err" "只有管理员"

# ---- list ----
run_zhibu user list --db "$DB" $AS --format csv
expect_rc "user list csv" 0
expect_file_eq "user list csv output" "$T/out" <<'CSV'
用户名,显示名,角色,支部,状态
admin,管理员,管理员,,
admin2,副管理员,管理员,,
shencha,审查员,审查员,全部,
shuji,王书记,支部书记,1101010001,
zhen.shencha,zhen.shencha,审查员,1101010000,
CSV
run_zhibu user list --db "$DB" $AS
expect_rc "user list text" 0
expect_contains "text list: the secretary's line" "$T/out" "王书记"
expect_contains "text list: role label" "$T/out" "支部书记"
run_zhibu user list --db "$DB" $AS --format xml
expect_rc "list: an unknown format is a usage error" 2

# ---- disable / enable ----
run_zhibu user disable --db "$DB" $AS --login shuji
expect_rc "disable" 0
expect_contains "disable says so" "$T/err" "已停用账号 shuji"
run_zhibu user list --db "$DB" $AS --format csv
expect_contains "list shows 已停用" "$T/out" "shuji,王书记,支部书记,1101010001,已停用"
run_zhibu user passwd --db "$DB" --as shuji --as-password-file "$T/shuji.pw" --login shuji --password-file "$T/wrong.pw"
expect_rc "a disabled account cannot log in" 1
expect_contains "disabled: message" "$T/err" "账号已停用"
run_zhibu user enable --db "$DB" $AS --login shuji
expect_rc "enable" 0
expect_eq "history of disable and enable" \
    "$(q "select group_concat(action, ' ') from (select h.action from history h join app_user u on u.uuid = h.row_uuid where u.login = 'shuji' and h.action in ('disable', 'enable') order by h.id)")" \
    "disable enable"
run_zhibu user disable --db "$DB" $AS --login admin2
expect_rc "disable the second admin" 0
run_zhibu user disable --db "$DB" $AS --login admin
expect_rc "the last enabled admin cannot be disabled" 1
expect_contains "last admin: message" "$T/err" "最后一个可用的管理员"
expect_eq "the admin stays enabled" "$(q "select disabled from app_user where login = 'admin'")" "0"
run_zhibu user enable --db "$DB" $AS --login admin2
expect_rc "enable the second admin" 0
# issue 15: the store refuses disabling the account one is logged in as (the screen and the CLI)
run_zhibu user disable --db "$DB" $AS --login admin
expect_rc "an administrator cannot disable themselves" 1
expect_contains "yourself: message" "$T/err" "不能停用自己正在使用的账号 admin"
expect_eq "yourself: stays enabled" "$(q "select disabled from app_user where login = 'admin'")" "0"
run_zhibu user disable --db "$DB" $AS --login nobody
expect_rc "disable an unknown login refused" 1
expect_contains "unknown login: message" "$T/err" "用户 nobody 不存在"

# ---- passwd ----
printf 'new-shuji-pw\n' >"$T/shuji2.pw"
run_zhibu user passwd --db "$DB" $AS --login shuji --password-file "$T/long.pw"
expect_rc "passwd: a 1,000-character password refused" 1
run_zhibu user passwd --db "$DB" $AS --login shuji --password-file "$T/shuji2.pw"
expect_rc "passwd by the admin" 0
expect_contains "passwd says so" "$T/err" "已修改账号 shuji 的密码"
run_zhibu user passwd --db "$DB" --as shuji --as-password-file "$T/shuji.pw" --login shuji --password-file "$T/shuji.pw"
expect_rc "the old password no longer works" 1
run_zhibu user passwd --db "$DB" --as shuji --as-password-file "$T/shuji2.pw" --login shuji --password-file "$T/shuji.pw"
expect_rc "a user changes their own password" 0
run_zhibu user passwd --db "$DB" --as shuji --as-password-file "$T/shuji.pw" --login shencha --password-file "$T/shuji.pw"
expect_rc "a secretary cannot change another's password" 1
expect_eq "history of passwd" \
    "$(q "select count(*) from history h join app_user u on u.uuid = h.row_uuid where u.login = 'shuji' and h.action = 'passwd'")" "2"
expect_eq "logins recorded" \
    "$(q "select count(*) > 0 from history where table_name = 'app_user' and action = 'login' and changed_by = 'shuji'")" "1"
expect_eq "no password in the database" \
    "$(q "select count(*) from history where instr(ifnull(old_json, '') || ifnull(new_json, ''), 'shuji-pw1') > 0")" "0"

# ---- a real database runs on the real clock (issue 12, hole 2) ----
expect_eq "init without --test: a real ledger" "$(q "select test_clock from office_key")" "0"
for i in 1 2 3 4 5; do
    run_zhibu user list --db "$DB" --as shencha --as-password-file "$T/wrong.pw"
done
expect_contains "real database: the 5th wrong password locks" "$T/err" "密码错误次数过多，账号已锁定"
day_now=$(date -u +%F)
expect_eq "real database: locked from the real time, not ZHIBU_TODAY" \
    "$(q "select substr(locked_until, 1, 10) in ('$day_now', '$(date -u -d '+1 day' +%F)') from app_user where login = 'shencha'")" "1"
ZHIBU_TODAY=2099-01-01 at_time 2099-01-01T00:00:00Z user passwd --db "$DB" --as shencha --as-password-file "$T/shuji.pw" --login shencha --password-file "$T/shuji.pw"
expect_rc "real database: ZHIBU_NOW past the lockout does not unlock" 1
expect_contains "real database: still locked" "$T/err" "账号已锁定"
expect_eq "real database: the lock stays" \
    "$(q "select locked_until is not null from app_user where login = 'shencha'")" "1"
# the administrator's new password lifts the lock
run_zhibu user passwd --db "$DB" $AS --login shencha --password-file "$T/shuji.pw"
expect_rc "real database: a new password from the administrator unlocks" 0

# ---- the test mark: only when the database is created ----
sum_before=$(sha256sum <"$DB")
run_zhibu init --test --db "$DB" --password-file "$T/admin.pw"
expect_rc "init --test on an existing database refused" 1
expect_contains "init --test on an existing database: message" "$T/err" "--test 只能在新建数据库时使用"
expect_eq "init --test on an existing database: file unchanged" "$(sha256sum <"$DB")" "$sum_before"
# a real database without accounts (where init would otherwise add the administrator)
DB5=$T/noacct.db
run_zhibu init --db "$DB5" --password-file "$T/admin.pw"
sql "$DB5" "delete from app_user"
sum_before=$(sha256sum <"$DB5")
run_zhibu init --test --db "$DB5" --password-file "$T/admin.pw"
expect_rc "init --test on a real database without accounts refused" 1
expect_eq "init --test without accounts: file unchanged" "$(sha256sum <"$DB5")" "$sum_before"
expect_eq "init --test without accounts: still a real ledger" "$(sql "$DB5" "select test_clock from office_key")" "0"
# the triggers refuse changing or removing the mark
sql "$DB5" "update office_key set test_clock = 1" 2>"$T/trig.err"
expect_contains "office_key: UPDATE refused" "$T/trig.err" "office_key is written once"
sql "$DB5" "delete from office_key" 2>"$T/trig.err"
expect_contains "office_key: DELETE refused" "$T/trig.err" "office_key is written once"
expect_eq "office_key: the row as it was" "$(sql "$DB5" "select count(*), sum(test_clock) from office_key")" "1|0"
# forged with the sqlite3 shell (triggers dropped): the clock stays real, verify names it
DB6=$T/forged.db
run_zhibu init --db "$DB6" --password-file "$T/admin.pw"
run_zhibu verify --db "$DB6"
expect_rc "verify before the forgery" 0
sql "$DB6" "drop trigger office_key_no_update; update office_key set test_clock = 1"
run_zhibu user add --db "$DB6" $AS --login shencha --role reviewer --password-file "$T/shuji.pw"
expect_rc "a write after the forgery" 0
expect_eq "a forged mark does not set the clock" \
    "$(sql "$DB6" "select substr(created_at, 1, 10) in ('$day_now', '$(date -u -d '+1 day' +%F)') from app_user where login = 'shencha'")" "1"
run_zhibu verify --db "$DB6"
expect_rc "verify finds the forged mark" 1
expect_contains "verify names the office key" "$T/out" "本单位密钥"
expect_contains "verify: changed behind zhibu's back" "$T/out" "在 zhibu 之外被改动"

# ---- lockout under ZHIBU_NOW: on a test database, where the clock may be set ----
TDB=$T/test.db
run_zhibu init --test --db "$TDB" --password-file "$T/admin.pw"
expect_rc "init --test" 0
expect_eq "init --test: a test database" "$(sql "$TDB" "select test_clock from office_key")" "1"
run_zhibu user add --db "$TDB" $AS --login shencha --role reviewer --name 审查员 --password-file "$T/shuji.pw"
expect_rc "test database: a reviewer" 0
for i in 1 2 3 4; do
    at_time 2026-11-21T10:00:00Z user list --db "$TDB" --as shencha --as-password-file "$T/wrong.pw"
done
expect_contains "4th wrong password: one try left" "$T/err" "还可尝试 1 次"
at_time 2026-11-21T10:00:00Z user list --db "$TDB" --as shencha --as-password-file "$T/wrong.pw"
expect_rc "5th wrong password refused" 1
expect_contains "5th wrong password locks" "$T/err" "账号已锁定，请于 10:05 后再试"
at_time 2026-11-21T10:01:00Z user list --db "$TDB" $AS --format csv
expect_contains "list shows the lock" "$T/out" "shencha,审查员,审查员,全部,已锁定至 2026-11-21 10:05"
at_time 2026-11-21T10:04:59Z user passwd --db "$TDB" --as shencha --as-password-file "$T/shuji.pw" --login shencha --password-file "$T/shuji.pw"
expect_rc "locked: the right password refused" 1
expect_contains "locked: message" "$T/err" "账号已锁定"
at_time 2026-11-21T10:05:01Z user passwd --db "$TDB" --as shencha --as-password-file "$T/shuji.pw" --login shencha --password-file "$T/shuji.pw"
expect_rc "after the lockout the right password works" 0

# ---- twenty wrong passwords at once count as twenty (issue 12, hole 10) ----
run_zhibu user add --db "$TDB" $AS --login para --role reviewer --password-file "$T/shuji.pw"
expect_rc "test database: a second reviewer" 0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    (ZHIBU_NOW=2026-11-21T11:00:00Z "$ZHIBU" user list --db "$TDB" --as para --as-password-file "$T/wrong.pw" \
        >"$T/par$i.out" 2>"$T/par$i.err" </dev/null; echo $? >"$T/par$i.rc") &
done
wait
if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T"/par*.err; then
    fail "sanitizer" "$(grep -h -m3 -E 'ERROR|runtime error' "$T"/par*.err | tr '\n' ' ') (parallel logins)"
fi
expect_eq "parallel: all twenty refused" "$(cat "$T"/par*.rc | sort | uniq -c | tr -s ' ')" " 20 1"
n_checked=$(cat "$T"/par*.err | grep -c "密码错误")
if [ "$n_checked" -le 5 ]; then ok "parallel: at most five told 密码错误 ($n_checked)"; else fail "parallel: at most five told 密码错误" "$n_checked of 20"; fi
expect_eq "parallel: the others told the account is locked" "$(cat "$T"/par*.err | grep -c "账号已锁定")" \
    "$((20 - n_checked + 1))"
expect_eq "parallel: the account is locked" \
    "$(sql "$TDB" "select locked_until from app_user where login = 'para'")" "2026-11-21T11:05:00Z"
expect_eq "parallel: every attempt in the journal, one lock" \
    "$(sql "$TDB" "select count(*), sum(h.action = 'locked') from history h join app_user u on u.uuid = h.row_uuid where u.login = 'para' and h.action in ('login_failed', 'locked')")" "20|1"
at_time 2026-11-21T11:04:00Z user passwd --db "$TDB" --as para --as-password-file "$T/shuji.pw" --login para --password-file "$T/shuji.pw"
expect_rc "parallel: locked, the right password refused" 1
# wrong, wrong, right: the right one logs in and clears the count
for i in 1 2; do
    at_time 2026-11-21T11:06:00Z user list --db "$TDB" --as para --as-password-file "$T/wrong.pw"
done
expect_eq "two wrong passwords counted" "$(sql "$TDB" "select failed_logins from app_user where login = 'para'")" "2"
at_time 2026-11-21T11:06:00Z user passwd --db "$TDB" --as para --as-password-file "$T/shuji.pw" --login para --password-file "$T/shuji.pw"
expect_rc "the right password while not locked logs in" 0
expect_eq "the right password clears the count" \
    "$(sql "$TDB" "select failed_logins || '|' || ifnull(locked_until, '') from app_user where login = 'para'")" "0|"

# ---- the terminal prompt (a pseudo-terminal through script(1)) ----
if command -v script >/dev/null 2>&1; then
    DB3=$T/tty.db
    printf 'tty-pass1\ntty-pass1\n' | script -qec "\"$ZHIBU\" init --db \"$DB3\"" /dev/null >"$T/tty.out" 2>&1
    expect_eq "init asks twice on the terminal" "$?" "0"
    expect_contains "init prompt" "$T/tty.out" "再输入一次"
    printf 'tty-pass1\n' >"$T/tty.pw"
    run_zhibu user list --db "$DB3" --as admin --as-password-file "$T/tty.pw" --format csv
    expect_contains "the password typed works" "$T/out" "admin,管理员,管理员,,"
    DB4=$T/tty2.db
    printf 'tty-pass1\ntty-pass2\n' | script -qec "\"$ZHIBU\" init --db \"$DB4\"" /dev/null >"$T/tty.out" 2>&1
    expect_eq "two different passwords refused" "$?" "1"
    expect_contains "two different passwords: message" "$T/tty.out" "两次输入的密码不一致"
    [ -e "$DB4" ] && fail "mismatch: no database" "$DB4 exists" || ok "mismatch: no database"
fi
run_zhibu init --db "$T/notty.db"
expect_rc "no terminal and no password file" 2
expect_contains "no terminal: message" "$T/err" "--password-file"

# ---- the demo's accounts ----
DEMO=$T/demo.db
run_zhibu demo --db "$DEMO"
expect_rc "demo" 0
expect_eq "demo: three accounts" \
    "$(sql "$DEMO" "select group_concat(login || ':' || role, ' ') from (select * from app_user order by login)")" \
    "admin:admin shencha:reviewer shuji:secretary"
expect_eq "demo: shuji is the secretary of the first branch under the township" \
    "$(sql "$DEMO" "select b.code = (select min(code) from branch where parent_id is not null)
                     and u.display_name = (select name from member m where m.branch_id = b.id and m.office = 'secretary')
                     from app_user u join branch b on b.id = u.branch_id where u.login = 'shuji'")" "1"
expect_eq "demo: the reviewer sees every branch" "$(sql "$DEMO" "select branch_id is null from app_user where login = 'shencha'")" "1"
printf 'demo1234\n' >"$T/demo.pw"
for who in admin shuji shencha; do
    run_zhibu user passwd --db "$DEMO" --as $who --as-password-file "$T/demo.pw" --login $who --password-file "$T/demo.pw"
    expect_rc "demo: $who logs in with demo1234" 0
done
