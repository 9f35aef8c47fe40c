#!/bin/sh
# 账号管理 (issue 15, "Accounts on screen"): the administrator opens it from 系统管理 (home 9,
# then u) and lists every account (用户名, 姓名, 角色, 支部, 状态, 最近登录); adds one (F2: a
# secretary with a long Chinese name in a branch with a long name) who then logs in at the login
# screen; disables it (d, asked first: the login screen then says 账号已停用) and enables it
# again; sets a new password (p, typed twice, hidden: the old one is refused, the new one works);
# assigns a branch (b) and a reviewer's scope. Each mistake has its Chinese message: an empty
# login, a taken login, passwords that differ, a short password, a secretary without a branch,
# an administrator with a branch, disabling yourself or the last administrator. Every change is
# in the journal, which still verifies. A secretary never reaches the screen. At a district's
# database the form offers the inspector (指导站督查员) and their station, required.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# the bottom line of a dump (the key bar) and the line above it (the status line)
LONGNAME=阿依古丽·买买提艾力·热合曼古丽娜尔
LONGBRANCH=红旗村东风片区第二联合党支部委员会所属党小组

# a second branch with a long name, made by the administrator as on a real install
login_as admin
run_script branch2 80x24 <<KEYS
6
<F7>
1101010002<Tab>$LONGBRANCH<Tab><Tab>15
<F2>
KEYS
expect_eq "second branch made" "$(sql "$DB" "select name from branch where code = '1101010002'")" "$LONGBRANCH"

# ---- the list, and every mistake of the add form -------------------------------------------
run_script mistakes 80x24 <<'KEYS'
9
:dump system.txt
u
:dump list.txt
<F1>
:dump help.txt
<Esc>
<F2>
:dump form.txt
<F2>
:dump empty_login.txt
shuji<F2>
:dump taken_login.txt
<C-u>王 书记<F2>
:dump chinese_login.txt
<C-u>liwei<Tab>李伟<Tab><Tab><Tab>abc123<Tab>abc124<F2>
:dump differ.txt
<Up><C-u>abc<Tab>abc<F2>
:dump short.txt
<C-u>secret12<Tab>secret12<F2>
:dump no_branch.txt
<Esc>
:dump cancel_ask.txt
<Enter>
:dump cancelled.txt
KEYS
expect_contains "系统管理 offers 账号管理" "$T/system.txt" "u账号管理"
expect_contains "the list: header" "$T/list.txt" "用户名"
expect_contains "the list: the administrator" "$T/list.txt" "admin"
expect_contains "the list: the secretary and her branch" "$T/list.txt" "王书记"
expect_contains "the list: role in Chinese" "$T/list.txt" "支部书记"
expect_contains "the list: branch by name" "$T/list.txt" "红旗村党支部"
expect_contains "the list: state" "$T/list.txt" "正常"
expect_contains "the list: never logged in" "$T/list.txt" "（从未登录）"
expect_contains "the key bar" "$T/list.txt" "F2新增 d停用/启用 p重设密码 b指定支部"
expect_fits "the list fits 80x24" "$T/list.txt" 80 24
expect_contains "F1 explains the screen" "$T/help.txt" "审查员的支部是审查范围"
expect_contains "the add form" "$T/form.txt" "再次输入密码"
expect_fits "the add form fits 80x24" "$T/form.txt" 80 24
expect_eq "empty login" "$(status_line empty_login.txt)" "未保存：用户名不能为空"
expect_eq "a login already taken" "$(status_line taken_login.txt)" "未保存：用户名 shuji 已存在"
expect_contains "a Chinese login" "$T/chinese_login.txt" "用户名不能用中文"
expect_eq "passwords differ" "$(status_line differ.txt)" "未保存：两次输入的密码不一致，请再输入一次"
expect_not_contains "the password is never shown" "$T/differ.txt" "abc12"
expect_contains "passwords shown as stars" "$T/differ.txt" "******"
expect_contains "a short password" "$T/short.txt" "未保存：密码太短：至少 6 个字节"
expect_eq "a secretary without a branch" "$(status_line no_branch.txt)" "未保存：支部书记账号必须指定所在支部"
expect_contains "Esc with typing asks" "$T/cancel_ask.txt" "放弃尚未保存的新账号？"
expect_contains "back at the list" "$T/cancelled.txt" "账号 2 个"
expect_eq "nothing was added" "$(sql "$DB" "select count(*) from app_user")" 2

# ---- add a secretary (long name, long branch), and an administrator with a branch ----------
run_script add 80x24 <<KEYS
9u<F2>
liwei<Tab>$LONGNAME<Tab><Tab><Right><Right><Tab>secret12<Tab>secret12<Enter>
:dump added.txt
<F2>
boss2<Tab>第二管理员<Tab><Right><Right><Tab><Right><Tab>secret12<Tab>secret12<F2>
:dump admin_branch.txt
<Left><F2>
:dump admin2.txt
KEYS
expect_contains "added: status" "$T/added.txt" "已添加账号 liwei"
expect_contains "added: listed with the start of the long name" "$T/added.txt" "阿依古丽"
expect_fits "long names fit 80x24" "$T/added.txt" 80 24
expect_eq "added: stored" \
    "$(sql "$DB" "select u.login || '|' || u.display_name || '|' || u.role || '|' || b.code from app_user u join branch b on b.id = u.branch_id where u.login = 'liwei'")" \
    "liwei|$LONGNAME|secretary|1101010002"
expect_eq "added: by the administrator, with history" \
    "$(sql "$DB" "select u.created_by || '|' || count(h.id) from app_user u join history h on h.row_uuid = u.uuid and h.action = 'insert' where u.login = 'liwei'")" \
    "admin|1"
expect_eq "an administrator with a branch" "$(status_line admin_branch.txt)" "未保存：管理员账号不属于某个支部，不要指定支部"
expect_contains "an administrator added" "$T/admin2.txt" "已添加账号 boss2"
expect_eq "no password in the clear" "$(sql "$DB" "select count(*) from app_user where pw_hash like '%secret12%'")" 0

run_script wide 120x30 <<'KEYS'
9u
:dump wide.txt
KEYS
expect_contains "120x30: the whole long name" "$T/wide.txt" "$LONGNAME"
expect_fits "the list fits 120x30" "$T/wide.txt" 120 30

# the new account logs in at the login screen
LOGIN=
run_script login_new 80x24 <<'KEYS'
liwei<Tab>secret12<Enter>
:dump login_new.txt
KEYS
expect_contains "the new account logs in" "$T/login_new.txt" "功能（按数字键）"
expect_contains "in its own branch" "$T/login_new.txt" "$LONGBRANCH"

# ---- disable, enable ----------------------------------------------------------------------
login_as admin
run_script disable 80x24 <<'KEYS'
9u<Down><Down>d
:dump disable_ask.txt
n
:dump disable_no.txt
d<Enter>
:dump disabled.txt
KEYS
expect_contains "disable asks" "$T/disable_ask.txt" "停用账号 liwei"
expect_eq "no: nothing changes" "$(status_line disable_no.txt)" "未作改动"
expect_eq "disabled: status" "$(status_line disabled.txt)" "已停用账号 liwei"
expect_contains "disabled: listed" "$T/disabled.txt" "已停用"
expect_eq "disabled: stored" "$(sql "$DB" "select disabled from app_user where login = 'liwei'")" 1
LOGIN=
run_script login_disabled 80x24 <<'KEYS'
liwei<Tab>secret12<Enter>
:dump login_disabled.txt
KEYS
expect_eq "a disabled account is refused at the login screen" "$(status_line login_disabled.txt)" "账号已停用"

login_as admin
run_script enable 80x24 <<'KEYS'
9u<Down><Down>d
:dump enable_ask.txt
<Enter>
:dump enabled.txt
KEYS
expect_contains "enable asks" "$T/enable_ask.txt" "重新启用账号 liwei"
expect_eq "enabled: status" "$(status_line enabled.txt)" "已启用账号 liwei"
LOGIN=
run_script login_enabled 80x24 <<'KEYS'
liwei<Tab>secret12<Enter>
:dump login_enabled.txt
KEYS
expect_contains "enabled: logs in again" "$T/login_enabled.txt" "功能（按数字键）"

# ---- yourself, the last administrator ----------------------------------------------------
login_as admin
run_script self 80x24 <<'KEYS'
9u
d
:dump self.txt
<Down>d<Enter>
:dump other_admin.txt
<Up>d
:dump last.txt
KEYS
expect_eq "not yourself" "$(status_line self.txt)" "不能停用自己正在使用的账号 admin（请用另一个管理员账号停用）"
expect_not_contains "not yourself: refused before any question" "$T/self.txt" "停用后不能再用它登录"
expect_not_contains "the last administrator: refused before any question" "$T/last.txt" "停用后不能再用它登录"
expect_eq "another administrator can be disabled" "$(status_line other_admin.txt)" "已停用账号 boss2"
expect_eq "not the last administrator" "$(status_line last.txt)" "admin 是最后一个可用的管理员账号，不能停用"
expect_eq "the administrator stays enabled" "$(sql "$DB" "select disabled from app_user where login = 'admin'")" 0

# ---- a new password ------------------------------------------------------------------------
run_script passwd 80x24 <<'KEYS'
9u<Down><Down>p
:dump passwd_form.txt
abc<Tab>abc<F2>
:dump passwd_short.txt
<Up><C-u>newpass9<Tab>newpass8<Enter>
:dump passwd_differ.txt
newpass9<Enter>
:dump passwd_done.txt
KEYS
expect_contains "the password form names the account" "$T/passwd_form.txt" "liwei（"
expect_fits "the password form fits 80x24" "$T/passwd_form.txt" 80 24
expect_contains "new password too short" "$T/passwd_short.txt" "密码太短"
expect_eq "new passwords differ" "$(status_line passwd_differ.txt)" "未保存：两次输入的密码不一致，请再输入一次"
expect_eq "new password: status" "$(status_line passwd_done.txt)" "已修改账号 liwei 的密码"
expect_not_contains "the new password is never shown" "$T/passwd_done.txt" "newpass"
LOGIN=
run_script login_old 80x24 <<'KEYS'
liwei<Tab>secret12<Enter>
:dump login_old.txt
KEYS
expect_contains "the old password is refused" "$T/login_old.txt" "用户名或密码错误"
run_script login_newpw 80x24 <<'KEYS'
liwei<Tab>newpass9<Enter>
:dump login_newpw.txt
KEYS
expect_contains "the new password works" "$T/login_newpw.txt" "功能（按数字键）"

# ---- branches ----------------------------------------------------------------------------
"$ZHIBU" user add --db "$DB" --as admin --as-password-file "$PW" --login zhencha --name 镇审查员 \
    --role reviewer --password-file "$PW" >"$T/user.out" 2>&1 || fail "reviewer" "$(cat "$T/user.out")"
login_as admin
run_script branch 80x24 <<'KEYS'
9u<Down><Down>b
:dump branch_pick.txt
<Up><Enter>
:dump branch_set.txt
<Home>b
:dump admin_branch_b.txt
<End>b
:dump scope_pick.txt
<Down><Enter>
:dump scope_set.txt
KEYS
expect_contains "branches offered" "$T/branch_pick.txt" "红旗村党支部（1101010001）"
expect_eq "branch assigned: status" "$(status_line branch_set.txt)" "已将账号 liwei 的支部改为 红旗村党支部"
expect_eq "branch assigned: stored" "$(sql "$DB" "select b.code from app_user u join branch b on b.id = u.branch_id where u.login = 'liwei'")" 1101010001
expect_eq "an administrator has no branch" "$(status_line admin_branch_b.txt)" "管理员账号不属于某个支部，不能指定支部"
expect_contains "a reviewer: every branch offered" "$T/scope_pick.txt" "全部支部"
expect_eq "a reviewer's scope: status" "$(status_line scope_set.txt)" "已将账号 zhencha 的审查范围改为 红旗村党支部"
expect_eq "a reviewer's scope: stored" "$(sql "$DB" "select b.code from app_user u join branch b on b.id = u.branch_id where u.login = 'zhencha'")" 1101010001

# ---- the journal ----------------------------------------------------------------------------
expect_eq "every change in the journal" \
    "$(sql "$DB" "select group_concat(h.action, ' ') from (select h.action from history h join app_user u on u.uuid = h.row_uuid where u.login = 'liwei' and h.action in ('insert', 'disable', 'enable', 'passwd', 'branch') order by h.id) h")" \
    "insert disable enable passwd branch"
run_zhibu verify --db "$DB"
expect_rc "the journal verifies" 0

# ---- only administrators -------------------------------------------------------------------
login_as shuji
run_script secretary 80x24 <<'KEYS'
9
:dump secretary.txt
KEYS
expect_contains "a secretary never reaches it" "$T/secretary.txt" "只有管理员能使用"
expect_not_contains "a secretary: no 账号管理" "$T/secretary.txt" "账号管理"

# ---- at a district: the inspector (指导站督查员) needs a station --------------------------------
D=$T/district.db
"$ZHIBU" init --test --db "$D" --office district --office-name 城关区委组织部 --password-file "$PW" >/dev/null 2>&1 ||
    fail "district" "zhibu init --office district"
"$ZHIBU" office station add --db "$D" --name 第一指导站 --as admin --as-password-file "$PW" >/dev/null 2>&1 ||
    fail "district" "zhibu office station add"
DB=$D
login_as admin
run_script district 80x24 <<'KEYS'
5
u
<F2>
:dump d_form.txt
ducha<Tab>李督查<Tab><Right><Right><Right><Tab><Tab>secret12<Tab>secret12<F2>
:dump d_nostation.txt
<Right><F2>
:dump d_saved.txt
KEYS
expect_contains "district: the form offers the inspector's station" "$T/d_form.txt" "指导站"
expect_fits "district: the add form fits 80x24" "$T/d_form.txt" 80 24
expect_eq "district: an inspector without a station" "$(status_line d_nostation.txt)" "未保存：督查员须指定指导站"
expect_contains "district: saved" "$T/d_saved.txt" "已添加账号 ducha（李督查，指导站督查员，第一指导站）"
expect_contains "district: the list shows the station" "$T/d_saved.txt" "第一指导站"
expect_eq "district: the inspector's station in the database" \
    "$(sql "$D" "select u.role || ' ' || s.name from app_user u join station s on s.id = u.station_id where u.login = 'ducha'")" "inspector 第一指导站"
run_zhibu verify --db "$D"
expect_rc "district: verify after the inspector was added" 0
