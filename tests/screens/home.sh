#!/bin/sh
# The home screen at 80x24 and 120x40, with and without a branch; F1 help from the action table.
. "$(dirname "$0")/../lib.sh"

DB=$T/empty.db
# a database without accounts opens on 首次使用: the first administrator, the password twice.
# --test makes the new database a test database (ZHIBU_TODAY honoured, 测试时钟 in the title).
LOGIN=--test
run_script home80 80x24 <<'KEYS'
:dump setup.txt
<Tab>张管理<Tab>12345<Tab>12345<F2>
:dump short.txt
<C-u>test1234<Tab><C-u>test1235<F2>
:dump mismatch.txt
test1234<F2>
:dump home80.txt
<F1>
:dump help.txt
<Esc>
5
:dump review.txt
KEYS
expect_rc "empty database opens" 0
LOGIN=
expect_contains "first use asks for an administrator" "$T/setup.txt" "首次使用：创建管理员账号"
expect_fits "first use fits 80x24" "$T/setup.txt" 80 24
expect_contains "a 5-character password is refused" "$T/short.txt" "密码太短：至少 6 个字节"
expect_contains "two different passwords are refused" "$T/mismatch.txt" "两次输入的密码不一致"
expect_not_contains "the password never shows" "$T/mismatch.txt" "test1234"
expect_eq "the administrator exists, hashed" "$(sql "$DB" "SELECT login, role, display_name, substr(pw_hash, 1, 10) FROM app_user")" "admin|admin|张管理|\$argon2id\$"
expect_file_eq "home at 80x24 on a new database" "$T/home80.txt" <<'SCREEN'
 支部工作台账 │ （未选支部） │ 首页       张管理（管理员）  测试时钟 2026-11-21

  尚未选择支部
  今天 2026年11月21日 星期六    2026年第4季度

  数据库中还没有支部：按 6 新建支部信息，或用 zhibu demo 生成演示数据。

  功能（按数字键）
   1  三会一课
   2  党员名册
   3  党费
   4  设岗定责
   5  月审月报
   6  支部信息
   7  党小组
   8  支部委员会
   9  系统管理
   0  发展党员





F1帮助 F4切换支部 r全部提醒 F10退出
SCREEN
expect_contains "F1 help lists the screen's actions" "$T/help.txt" "F4             切换支部 — 选择另一个支部作为当前支部"
expect_contains "F1 help lists the global keys" "$T/help.txt" "F10            退出 — 有未保存的修改时先询问"
expect_fits "help fits 80x24" "$T/help.txt" 80 24
expect_contains "module 5 offers the township's review and the branch's self-check" "$T/review.txt" "全部支部月审（乡镇审查员）"
expect_eq "--test made a test database" "$(sql "$DB" "select test_clock from office_key")" 1

# --test on a database that exists: refused, the file unchanged (the mark is set at creation)
sum_before=$(sha256sum <"$DB")
LOGIN="--test --user admin --password-file $PW"
run_script again 80x24 <<'KEYS'
KEYS
LOGIN=
expect_rc "--test on an existing database refused" 1
expect_contains "--test on an existing database: the message" "$T/err" "测试数据库只能在新建时标记，不能把已有的台账改为测试用"
expect_eq "--test on an existing database: the file unchanged" "$(sha256sum <"$DB")" "$sum_before"
# the same on a real database made by init
REAL=$T/real-init.db
"$ZHIBU" init --db "$REAL" --password-file "$PW" >/dev/null 2>&1
sum_before=$(sha256sum <"$REAL")
run_zhibu --db "$REAL" --test --user admin --password-file "$PW" --script /dev/null
expect_rc "--test on a real ledger refused" 1
expect_contains "--test on a real ledger: the message" "$T/err" "不能把已有的台账改为测试用"
expect_eq "--test on a real ledger: the file unchanged" "$(sha256sum <"$REAL")" "$sum_before"
expect_eq "--test on a real ledger: still real" "$(sql "$REAL" "select test_clock from office_key")" 0

# a new database made on the screen without --test is a real ledger: ZHIBU_TODAY is not
# honoured (the real date, nothing about a test clock in the title)
DB=$T/real.db
day_before=$(date +%F)
run_script real80 80x24 <<'KEYS'
<Tab>张管理<Tab>test1234<Tab>test1234<F2>
:dump real80.txt
KEYS
day_after=$(date +%F)
expect_rc "a real database opens" 0
head -1 "$T/real80.txt" >"$T/realtitle"
expect_not_contains "a real database: no test clock in the title" "$T/realtitle" "测试时钟"
expect_not_contains "a real database: ZHIBU_TODAY not shown" "$T/realtitle" "2026-11-21"
if grep -qF -e "张管理（管理员）  $day_before" -e "张管理（管理员）  $day_after" "$T/realtitle"; then
    ok "a real database: the title shows the real date"
else
    fail "a real database: the title shows the real date" "$(cat "$T/realtitle") (real date $day_after)"
fi
expect_eq "a real database: not a test database" "$(sql "$DB" "select test_clock from office_key")" 0

new_branch_db
run_script home120 120x40 <<'KEYS'
:dump home120.txt
KEYS
expect_fits "home fits 120x40" "$T/home120.txt" 120 40
expect_contains "home shows the branch" "$T/home120.txt" "红旗村党支部（农村，组织代码 1101010001）"
expect_contains "home shows today" "$T/home120.txt" "今天 2026年11月21日 星期六"
head -1 "$T/home120.txt" >"$T/title120"
expect_contains "title line names the user and the role" "$T/title120" "王书记（支部书记）  测试时钟 2026-11-21"
if [ "$(max_width "$T/title120")" -eq 119 ]; then ok "title right edge at column 120"; else fail "title right edge at column 120" "width $(max_width "$T/title120")"; fi
# the secretary keeps to their branch: no 切换支部 in the bar (issue 14)
expect_contains "key bar on the last line" "$T/home120.txt" "F1帮助 r全部提醒 F10退出"

# a secretary cannot add a branch (refused at F7, before any form; the message says why), nor
# switch
run_script secnew 80x24 <<'KEYS'
6
<F7>
:dump secnew.txt
<Esc>
<F4>
:dump secswitch.txt
9
:dump secsystem.txt
KEYS
expect_contains "a secretary may not add a branch" "$T/secnew.txt" "F7 新支部不可用：只有管理员能管理支部"
expect_contains "the branch's own form stays" "$T/secnew.txt" "红旗村党支部"
expect_contains "a secretary may not switch branch" "$T/secswitch.txt" "支部书记只能查看和修改本支部"
expect_contains "a secretary may not open 系统管理" "$T/secsystem.txt" "系统管理（备份、恢复、账号）只有管理员能使用"
expect_eq "nothing was added" "$(sql "$DB" 'select count(*) from branch')" 1

# switching branch with F4 when the database has two (the administrator adds the second)
login_as admin
run_script twobranches 80x24 <<'KEYS'
6
<F7>
1101010002<Tab>柳林村党支部<Tab><Tab>10
<F2>
:dump second.txt
<F4>
:dump pick.txt
<Up><Enter>
:dump switched.txt
9
:dump system.txt
<Esc>
:dump back.txt
KEYS
expect_contains "a second branch becomes current" "$T/second.txt" "柳林村党支部（农村，组织代码 1101010002）"
expect_contains "the branch picker lists both" "$T/pick.txt" "1101010001  红旗村党支部"
expect_contains "switching back shows the first" "$T/switched.txt" "红旗村党支部（农村，组织代码 1101010001）"
expect_contains "9 opens 系统管理 for the administrator" "$T/system.txt" "│ 系统管理"
expect_contains "系统管理 names the ledger file" "$T/system.txt" "位置        $DB"
# opened by a relative name, the ledger's folder is named too (where to find it later)
full_db=$DB
DB=$(basename "$full_db")
run_script relative 100x24 <<'KEYS'
9
:dump system_rel.txt
KEYS
DB=$full_db
expect_contains "系统管理 gives the full path of a ledger opened by a relative name" "$T/system_rel.txt" "位置        $(cd "$(dirname "$full_db")" && pwd -P)/$(basename "$full_db")"
expect_contains "系统管理 gives the schema version" "$T/system.txt" "数据库版本 14"
expect_contains "Esc goes back home" "$T/back.txt" "功能（按数字键）"
expect_eq "two branches stored" "$(sql "$DB" 'select count(*) from branch')" 2
