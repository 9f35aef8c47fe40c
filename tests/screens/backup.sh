#!/bin/sh
# 系统管理 (home 9) backups at 80x24 and 120x40 with a long Chinese office name: the last backup
# shown; F2 立即备份 asks for the directory ([backup] dir given) and makes one; r 恢复 lists the
# backups newest first with time and size, refuses a damaged or another office's backup, confirms
# with the file name, restores (the former file kept) and quits. The daily backup on quitting:
# made once a day to [backup] dir, pruned to keep, a missing stick said after the screen closed
# without keeping the program from ending. A secretary cannot open the screen; the store refuses
# a secretary's backup (unit test store_backup).
. "$(dirname "$0")/../lib.sh"

new_branch_db
OFFICE=红旗镇红旗村党支部委员会办公室第一台账
run_zhibu office name --db "$DB" --as admin --as-password-file "$PW" "$OFFICE"
mkdir -p "$T/usb"
cat >"$T/zhibu.ini" <<EOF
[backup]
dir = $T/usb
keep = 2
EOF
export ZHIBU_CONFIG=$T/zhibu.ini ZHIBU_NOW=2026-11-21T06:05:00Z
B1=$OFFICE-20261121-0605.zhibu-backup

login_as admin
run_script show 80x24 <<KEYS
9
:dump none.txt
<F2>
:dump ask.txt
<Enter>
:dump made.txt
:size 120x40
:dump made-wide.txt
KEYS
expect_rc "backup from the screen runs" 0
expect_contains "no backup yet: said so" "$T/none.txt" "上次备份    还没有备份（按 F2 立即备份）"
expect_contains "the backup directory shown" "$T/none.txt" "备份目录    $T/usb"
expect_contains "the key bar offers F2 and r" "$T/none.txt" "F2立即备份 r恢复"
expect_contains "F2 asks for the directory" "$T/ask.txt" "备份目录："
expect_contains "F2 offers [backup] dir" "$T/ask.txt" "$T/usb"
expect_contains "F2 made one: the status says where" "$T/made.txt" "已备份到 $T/usb/"
expect_contains "the last backup: time and size" "$T/made.txt" "上次备份    2026-11-21 06:05，"
expect_contains "the last backup: the file (wide)" "$T/made-wide.txt" "备份文件    $T/usb/$B1"
expect_fits "the screen fits 80x24" "$T/made.txt" 80 24
expect_fits "the screen fits 120x40" "$T/made-wide.txt" 120 40
expect_eq "the backup on the stick" "$(ls "$T/usb")" "$B1"
expect_not_contains "a backup of today there: none more on quitting" "$T/out" "已自动备份"
expect_eq "still one backup after quitting" "$(ls "$T/usb" | wc -l)" "1"

# a secretary: the screen is the administrator's
login_as shuji
run_script sec 80x24 <<'KEYS'
9
:dump sec.txt
KEYS
expect_contains "a secretary cannot open 系统管理" "$T/sec.txt" "系统管理（备份、恢复、账号）只有管理员能使用"
expect_not_contains "the secretary's session: today's backup is there already" "$T/out" "自动备份"

# a meeting saved after the backup, a second backup later, a damaged one and another office's
login_as shuji
run_script after 80x24 <<'KEYS'
1
<F2>
<Enter>
<C-u>2026-11-19<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>备份之后的会<Tab>
<F2>
KEYS
expect_eq "the meeting saved" "$(sql "$DB" "select count(*) from meeting")" "1"
head -c 30000 "$T/usb/$B1" >"$T/usb/$OFFICE-20261120-0900.zhibu-backup"
"$ZHIBU" init --test --db "$T/other.db" --password-file "$PW" >/dev/null 2>&1
"$ZHIBU" office name --db "$T/other.db" --as admin --as-password-file "$PW" 别的村 >/dev/null 2>&1
ZHIBU_NOW=2026-11-18T09:00:00Z "$ZHIBU" backup --db "$T/other.db" --to "$T/usb" >/dev/null 2>&1

login_as admin
run_script bad 80x24 <<'KEYS'
9
r
<Enter>
:dump list.txt
<Down>
<Enter>
:dump damaged.txt
<Enter>
r
<Enter>
<Down><Down>
<Enter>
:dump foreign.txt
<Enter>
KEYS
expect_contains "r lists the backups newest first: 1" "$T/list.txt" "2026-11-21 06:05"
expect_contains "r lists the backups with their size" "$T/list.txt" "KB"
/usr/bin/python3 - "$T/list.txt" <<'PY' >"$T/order"
import sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if "│ 2026-11-" in l and " KB " in l]
print(" ".join(l.split("│")[1].split()[0] for l in rows))
PY
expect_eq "the list is newest first" "$(cat "$T/order")" "2026-11-21 2026-11-20 2026-11-18"
expect_contains "a damaged backup is refused" "$T/damaged.txt" "不能恢复"
expect_contains "a damaged backup: why" "$T/damaged.txt" "不完整（被截短了）"
expect_contains "another office's backup is refused" "$T/foreign.txt" "来自另一个单位"
expect_contains "another office's backup: named" "$T/foreign.txt" "别的村"
expect_eq "refusals changed nothing" "$(sql "$DB" "select count(*) from meeting")" "1"
expect_eq "refusals kept nothing" "$(ls "$T" | grep -c before-restore)" "0"

run_script restore 80x24 <<'KEYS'
9
r
<Enter>
<Enter>
:dump confirm.txt
<Enter>
:dump done.txt
<Enter>
KEYS
expect_rc "restore from the screen runs" 0
expect_contains "the question names the file" "$T/confirm.txt" "用备份 $OFFICE-20261121-0605.zhibu"
expect_contains "restored: said so" "$T/done.txt" "恢复完成"
expect_contains "restored: restart" "$T/done.txt" "zhibu 现在退出，请重新启动后登录。"
expect_eq "restored: the meeting saved after the backup is gone" "$(sql "$DB" "select count(*) from meeting")" "0"
kept=$(ls "$DB".before-restore-* 2>/dev/null | head -1)
expect_eq "restored: the former ledger kept with the meeting" \
    "$(sql "$kept" "select count(*) from meeting where topics like '%备份之后的会%'")" "1"
expect_not_contains "restored: no daily backup of the replaced session" "$T/out" "已自动备份"
run_zhibu verify --db "$DB"
expect_contains "restored: verify 完整" "$T/out" "完整"

# the next days: one a day, the newest two of this office kept, another office's untouched
login_as shuji
for d in 22 23 24; do
    ZHIBU_TODAY=2026-11-$d ZHIBU_NOW=2026-11-${d}T07:00:00Z run_script day$d 80x24 <<'KEYS'
1
KEYS
    cp "$T/out" "$T/day$d.out"
done
expect_contains "next day: the secretary's quitting made the daily backup, said after the screen closed" "$T/day22.out" "已自动备份到 $T/usb/$OFFICE-20261122-0700.zhibu-backup"
expect_contains "the wait is said first" "$T/day22.out" "正在自动备份到 $T/usb……"
expect_contains "pruned: said how many went" "$T/day24.out" "删除了本单位较旧的备份"
ls "$T/usb" | LC_ALL=C sort >"$T/ls"
expect_file_eq "pruned to keep = 2 of this office; the other office's and damaged files stay" "$T/ls" <<EOF
别的村-20261118-0900.zhibu-backup
$OFFICE-20261120-0900.zhibu-backup
$OFFICE-20261123-0700.zhibu-backup
$OFFICE-20261124-0700.zhibu-backup
EOF

# the stick not there: said after the screen closed; the program still ends normally
rmdir "$T/usb" 2>/dev/null || mv "$T/usb" "$T/usb-away"
ZHIBU_TODAY=2026-11-25 ZHIBU_NOW=2026-11-25T07:00:00Z run_script nostick 80x24 <<'KEYS'
1
KEYS
expect_rc "no stick: quitting still works" 0
expect_contains "no stick: said clearly" "$T/err" "今天的自动备份没有做成：备份目录 $T/usb 不存在（U 盘插好了吗？）"
expect_contains "no stick: what to do" "$T/err" "按 F2 立即备份"
