#!/bin/sh
# The district's office (issue 18): `zhibu init --office district` and its administrator; the
# district registers its guidance stations (office station add|list) and townships (office
# township add|list|station, each with the township database's fingerprint and maybe a
# station); the township registers its district (office district set|show); inspector accounts
# (user add --role inspector --station, user station). Refusals, each one Chinese line with exit
# 1 (refused) or 2 (usage), the database unchanged: without --as, by a non-administrator, a bad
# or taken code, a bad or taken fingerprint, an unknown station, a township registered at a
# village or township, a district registered at a district, an inspector without a station or at
# a township. Everything written is journaled: verify stays 完整, and finds a township or station
# changed behind zhibu's back.
. "$(dirname "$0")/../lib.sh"

printf 'secret12\n' >"$PW"
AS="--as admin --as-password-file $PW"
D=$T/district.db
TW=$T/township.db
V=$T/village.db

# ---- the offices ----
run_zhibu init --db "$D" --office district --office-name 城关区委组织部 --password-file "$PW"
expect_rc "init --office district: exit 0" 0
expect_contains "init --office district: the administrator" "$T/err" "管理员账号 admin"
run_zhibu office show --db "$D"
expect_contains "the district's kind" "$T/out" "类型：区（县）"
expect_contains "the district's name" "$T/out" "名称：城关区委组织部"
DFPR=$(sed -n 's/^指纹：//p' "$T/out")
run_zhibu init --db "$TW" --office township --office-name 红旗镇党委 --password-file "$PW"
expect_rc "init --office township: exit 0" 0
run_zhibu office show --db "$TW"
TFPR=$(sed -n 's/^指纹：//p' "$T/out")
"$ZHIBU" init --db "$T/t2.db" --office township --password-file "$PW" >/dev/null 2>&1
T2FPR=$("$ZHIBU" office show --db "$T/t2.db" | sed -n 's/^指纹：//p')
run_zhibu init --db "$V" --password-file "$PW"
expect_rc "init a village: exit 0" 0
"$ZHIBU" user add --db "$D" $AS --login shencha --role reviewer --password-file "$PW" >/dev/null 2>&1 ||
    fail "setup" "user add shencha"

# ---- stations ----
run_zhibu office station add --db "$D" --name 第一指导站
expect_rc "station add without --as: exit 2" 2
expect_contains "station add without --as: the message" "$T/err" "请用 --as 指定"
run_zhibu office station add --db "$D" --name 第一指导站 --as shencha --as-password-file "$PW"
expect_rc "station add by a reviewer: exit 1" 1
expect_contains "station add by a reviewer: the message" "$T/err" "只有管理员"
run_zhibu office station add --db "$D" --name 第一指导站 $AS
expect_rc "station add: exit 0" 0
expect_contains "station add: says so" "$T/err" "已登记指导站 第一指导站"
run_zhibu office station add --db "$D" --name 第二指导站 $AS
run_zhibu office station add --db "$D" --name 第一指导站 $AS
expect_rc "station add taken: exit 1" 1
expect_eq "station add taken: one line" "$(cat "$T/err")" "zhibu office: 指导站“第一指导站”已登记"
run_zhibu office station add --db "$D" --name "$(printf '%041d' 0 | tr 0 站)" $AS
expect_rc "station add 41 characters: exit 1" 1
expect_contains "station add 41 characters: the message" "$T/err" "指导站名称太长：最多 40 个字"
run_zhibu office station add --db "$D" $AS
expect_rc "station add without --name: exit 2" 2
run_zhibu office station add --db "$TW" --name 第一指导站 $AS
expect_rc "station add at a township: exit 1" 1
expect_contains "station add at a township: the message" "$T/err" "只有区（县）的数据库可以登记指导站"

# ---- townships ----
run_zhibu office township add --db "$D" --code 3701 --name 红旗镇党委 --fingerprint "$TFPR" --station 第一指导站 $AS
expect_rc "township add: exit 0" 0
expect_contains "township add: says so" "$T/err" "已登记乡镇 3701（红旗镇党委），指纹 $TFPR，第一指导站"
LOWER=$(printf '%s' "$T2FPR" | tr 'A-Z' 'a-z' | tr -d '-')
run_zhibu office township add --db "$D" --code 3702 --name 东风乡党委 --fingerprint "$LOWER" $AS
expect_rc "township add, fingerprint typed in lower case without dashes: exit 0" 0
expect_contains "township add: the fingerprint as the office shows it" "$T/err" "指纹 $T2FPR"
# what the refusals must leave alone (the logins of --as are journaled, so not the whole file)
state() { sql "$D" "select group_concat(code || name || fingerprint || ifnull(station_id, ''), ';') from township; select count(*) from history where action not in ('login', 'login_failed', 'locked')"; }
before=$(state)
run_zhibu office township add --db "$D" --code 3701 --name 甲镇 --fingerprint ABCD-EFGH-JKMN-PQRS $AS
expect_rc "township add, code taken: exit 1" 1
expect_eq "township add, code taken: one line" "$(cat "$T/err")" "zhibu office: 乡镇代码 3701 已登记（红旗镇党委）"
run_zhibu office township add --db "$D" --code 3703 --name 甲镇 --fingerprint "$TFPR" $AS
expect_rc "township add, fingerprint taken: exit 1" 1
expect_contains "township add, fingerprint taken: the message" "$T/err" "已登记为乡镇“红旗镇党委”的指纹"
run_zhibu office township add --db "$D" --code "37 03" --name 甲镇 --fingerprint ABCD-EFGH-JKMN-PQRS $AS
expect_rc "township add, bad code: exit 1" 1
expect_contains "township add, bad code: the message" "$T/err" "乡镇代码应为 1–20 位数字、字母或“-”"
run_zhibu office township add --db "$D" --code 3703 --name 甲镇 --fingerprint ABCD-EFGH $AS
expect_rc "township add, bad fingerprint: exit 1" 1
expect_contains "township add, bad fingerprint: the message" "$T/err" "指纹格式不对"
run_zhibu office township add --db "$D" --code 3703 --name 甲镇 --fingerprint "$DFPR" $AS
expect_rc "township add, the district's own fingerprint: exit 1" 1
run_zhibu office township add --db "$D" --code 3703 --name 甲镇 --fingerprint ABCD-EFGH-JKMN-PQRS --station 第九指导站 $AS
expect_rc "township add, unknown station: exit 1" 1
expect_contains "township add, unknown station: the message" "$T/err" "没有名为“第九指导站”的指导站"
run_zhibu office township add --db "$D" --code 3703 --fingerprint ABCD-EFGH-JKMN-PQRS $AS
expect_rc "township add without --name: exit 2" 2
run_zhibu office township add --db "$D" --code 3703 --name 甲镇 $AS
expect_rc "township add without --fingerprint: exit 2" 2
expect_contains "township add without --fingerprint: the message" "$T/err" "缺少 --fingerprint"
run_zhibu office township add --db "$D" --code 3703 --name 甲镇 --fingerprint ABCD-EFGH-JKMN-PQRS --as shencha --as-password-file "$PW"
expect_rc "township add by a reviewer: exit 1" 1
expect_eq "the refusals left the townships and the journal unchanged" "$(state)" "$before"
run_zhibu office township add --db "$V" --code 3701 --name 红旗镇党委 --fingerprint "$TFPR" $AS
expect_rc "township add at a village: exit 1" 1
expect_contains "township add at a village: the message" "$T/err" "只有区（县）的数据库可以登记乡镇"
run_zhibu office township add --db "$TW" --code 3701 --name 红旗镇党委 --fingerprint "$T2FPR" $AS
expect_rc "township add at a township: exit 1" 1
run_zhibu office township frobnicate --db "$D"
expect_rc "township, unknown action: exit 2" 2
run_zhibu office township list --db "$D" $AS
expect_rc "township list with --as: exit 2" 2

run_zhibu office township list --db "$D" --format csv
expect_rc "township list csv: exit 0" 0
expect_eq "township list csv: header" "$(head -n 1 "$T/out")" "乡镇代码,乡镇名称,指纹,指导站,支部数,已收到交换包,登记时间"
expect_contains "township list csv: 红旗镇" "$T/out" "3701,红旗镇党委,$TFPR,第一指导站,0,否,"
expect_contains "township list csv: 东风乡 in no station" "$T/out" "3702,东风乡党委,$T2FPR,,0,否,"
expect_eq "township list csv: two townships" "$(wc -l <"$T/out")" 3
run_zhibu office township list --db "$D"
expect_rc "township list text: exit 0" 0
expect_contains "township list text: a name" "$T/out" "东风乡党委"

run_zhibu office township station --db "$D" --code 3702 --station 第二指导站 $AS
expect_rc "township station: exit 0" 0
expect_contains "township station: says so" "$T/err" "已将乡镇 3702（东风乡党委）划入第二指导站"
run_zhibu office township station --db "$D" --code 3709 --station 第二指导站 $AS
expect_rc "township station, unknown township: exit 1" 1
expect_contains "township station, unknown township: the message" "$T/err" "没有代码为 3709 的乡镇"
run_zhibu office township station --db "$D" --code 3702 $AS
expect_rc "township station without --station: exit 2" 2
run_zhibu office station list --db "$D" --format csv
expect_rc "station list: exit 0" 0
expect_file_eq "station list csv" "$T/out" <<'CSV'
指导站,所辖乡镇数
第一指导站,1
第二指导站,1
CSV
run_zhibu office township station --db "$D" --code 3702 --no-station $AS
expect_rc "township station --no-station: exit 0" 0
run_zhibu office station list --db "$D" --format csv
expect_contains "station list: 第二指导站 has none now" "$T/out" "第二指导站,0"

# ---- the district, at the township ----
run_zhibu office district show --db "$TW"
expect_rc "district show before any: exit 1" 1
expect_contains "district show before any: the message" "$T/err" "本乡镇还没有登记上级区（县）"
run_zhibu office district set --db "$TW" --name 城关区委组织部 --fingerprint "$DFPR"
expect_rc "district set without --as: exit 2" 2
run_zhibu office district set --db "$TW" --name 城关区委组织部 --fingerprint XYZ $AS
expect_rc "district set, bad fingerprint: exit 1" 1
expect_contains "district set, bad fingerprint: the message" "$T/err" "指纹格式不对"
run_zhibu office district set --db "$TW" --name 城关区委组织部 --fingerprint "$DFPR" $AS
expect_rc "district set: exit 0" 0
expect_contains "district set: says so" "$T/err" "已登记上级区（县）城关区委组织部，指纹 $DFPR"
run_zhibu office district show --db "$TW"
expect_rc "district show: exit 0" 0
expect_contains "district show: the name" "$T/out" "上级区（县）：城关区委组织部"
expect_contains "district show: the fingerprint" "$T/out" "指纹：$DFPR"
expect_contains "district show: no key yet" "$T/out" "还没有收到它的交换包"
run_zhibu office district set --db "$D" --name 某区 --fingerprint "$TFPR" $AS
expect_rc "district set at a district: exit 1" 1
expect_contains "district set at a district: the message" "$T/err" "只有乡镇的数据库可以登记上级区（县）"
run_zhibu office district set --db "$V" --name 某区 --fingerprint "$DFPR" $AS
expect_rc "district set at a village: exit 1" 1

# ---- inspectors ----
run_zhibu user add --db "$D" $AS --login ducha --name 李督查 --role inspector --station 第一指导站 --password-file "$PW"
expect_rc "user add inspector: exit 0" 0
expect_contains "user add inspector: says so" "$T/err" "已添加账号 ducha（李督查，指导站督查员，第一指导站）"
run_zhibu user add --db "$D" $AS --login ducha2 --role inspector --password-file "$PW"
expect_rc "user add inspector without --station: exit 2" 2
expect_contains "user add inspector without --station: the message" "$T/err" "督查员须用 --station 指定指导站"
run_zhibu user add --db "$D" $AS --login ducha2 --role inspector --station 第九指导站 --password-file "$PW"
expect_rc "user add inspector, unknown station: exit 1" 1
run_zhibu user add --db "$D" $AS --login ducha2 --role reviewer --station 第一指导站 --password-file "$PW"
expect_rc "user add reviewer with --station: exit 2" 2
run_zhibu user add --db "$TW" $AS --login ducha --role inspector --station 第一指导站 --password-file "$PW"
expect_rc "user add inspector at a township: exit 1" 1
run_zhibu user list --db "$D" $AS --format csv
expect_contains "user list: the inspector's station" "$T/out" "ducha,李督查,指导站督查员,第一指导站,"
run_zhibu user station --db "$D" $AS --login ducha --station 第二指导站
expect_rc "user station: exit 0" 0
expect_contains "user station: says so" "$T/err" "已将账号 ducha 的指导站改为 第二指导站"
run_zhibu user list --db "$D" $AS --format csv
expect_contains "user list: the new station" "$T/out" "ducha,李督查,指导站督查员,第二指导站,"
run_zhibu user station --db "$D" $AS --login shencha --station 第二指导站
expect_rc "user station for a reviewer: exit 1" 1
expect_contains "user station for a reviewer: the message" "$T/err" "只有指导站督查员账号属于指导站"

# ---- journaled: verify ----
run_zhibu verify --db "$D"
expect_rc "verify the district: exit 0" 0
expect_contains "verify the district: 完整" "$T/out" "完整"
run_zhibu verify --db "$TW"
expect_rc "verify the township: exit 0" 0
sql "$D" "update township set name = '假镇' where code = '3702'"
run_zhibu verify --db "$D"
expect_rc "verify finds a township changed behind zhibu's back: exit 1" 1
sql "$D" "update township set name = '东风乡党委' where code = '3702'"
sql "$D" "update station set name = '假站' where name = '第二指导站'"
run_zhibu verify --db "$D"
expect_rc "verify finds a station changed behind zhibu's back: exit 1" 1
sql "$TW" "update district_office set fingerprint = 'AAAA-AAAA-AAAA-AAAA'"
run_zhibu verify --db "$TW"
expect_rc "verify finds the district changed behind zhibu's back: exit 1" 1

run_zhibu office --help
expect_contains "office --help: township add" "$T/out" "zhibu office township add"
expect_contains "office --help: district set" "$T/out" "zhibu office district set"
run_zhibu user --help
expect_contains "user --help: inspector" "$T/out" "inspector 指导站督查员"
