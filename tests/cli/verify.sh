#!/bin/sh
# zhibu verify: an untouched demo database is 完整; each change made behind zhibu's back with the
# sqlite3 shell (a meeting's date, a dues payment or one of its allocations deleted, a journal
# entry's new value or author rewritten, a journal entry deleted, a row added, a branch's dues
# start or theme day changed) is found and named,
# exit 1; --branch checks one branch (a tampered one and an untouched one); bad arguments, a
# missing file, a file that is not a database and an unknown branch exit 2 with one line.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB" --seed 5
expect_rc "demo" 0

run_zhibu verify --db "$DB"
expect_rc "untouched demo: exit 0" 0
expect_eq "untouched demo: 完整 first" "$(head -1 "$T/out")" "完整"
ENTRIES=$(sql "$DB" "select count(*) from history")
expect_contains "untouched demo: the count of entries" "$T/out" "已校验 $ENTRIES 条日志"
expect_eq "untouched demo: nothing on stderr" "$(cat "$T/err")" ""
expect_eq "every entry sealed" "$(sql "$DB" "select count(*) from history where hash is null or length(hash) <> 64")" "0"
# the whole-database run is remembered per branch
expect_eq "the result is remembered for every branch" \
    "$(sql "$DB" "select count(*) from branch b where exists (select 1 from meta where key = 'verify:' || b.id and value like 'ok %')")" \
    "$(sql "$DB" "select count(*) from branch")"

# fresh COPY — a copy of the untouched demo in $T/t.db
fresh() { cp "$DB" "$T/t.db"; rm -f "$T/t.db-wal" "$T/t.db-shm"; }

# ---- a meeting's date ----
fresh
MID=$(sql "$T/t.db" "select id from meeting where voided_at is null order by id limit 1 offset 7")
MUUID=$(sql "$T/t.db" "select uuid from meeting where id = $MID")
MBRANCH=$(sql "$T/t.db" "select b.code from meeting m join branch b on b.id = m.branch_id where m.id = $MID")
sql "$T/t.db" "update meeting set date = '2019-01-01' where id = $MID"
run_zhibu verify --db "$T/t.db"
expect_rc "meeting date changed: exit 1" 1
expect_contains "meeting date changed: the meeting named" "$T/out" "会议 $(echo "$MUUID" | cut -c1-8) 的当前内容与日志不符"
expect_eq "meeting date changed: the last line says 不完整" "$(tail -1 "$T/out" | grep -c '^不完整：')" "1"
expect_contains "meeting date changed: one problem" "$T/out" "发现 1 个问题"
expect_eq "meeting date changed: the branch remembered as bad" \
    "$(sql "$T/t.db" "select substr(value, 1, 3) from meta where key = 'verify:' || (select branch_id from meeting where id = $MID)")" "bad"
# --branch: the tampered branch, and another that is untouched
run_zhibu verify --db "$T/t.db" --branch "$MBRANCH"
expect_rc "--branch of the tampered branch: exit 1" 1
expect_contains "--branch of the tampered branch: the meeting named" "$T/out" "会议 $(echo "$MUUID" | cut -c1-8)"
OTHER=$(sql "$T/t.db" "select code from branch where code <> '$MBRANCH' and id in (select branch_id from meeting) order by code limit 1")
run_zhibu verify --db "$T/t.db" --branch "$OTHER"
expect_rc "--branch of an untouched branch: exit 0" 0
expect_eq "--branch of an untouched branch: 完整" "$(head -1 "$T/out")" "完整"
OENTRIES=$(sql "$T/t.db" "select count(*) from history where branch_id = (select id from branch where code = '$OTHER')")
expect_contains "--branch of an untouched branch: only its entries" "$T/out" "已校验 $OENTRIES 条日志"

# ---- a dues payment deleted ----
fresh
PID=$(sql "$T/t.db" "select id from dues_payment order by id limit 1 offset 11")
PUUID=$(sql "$T/t.db" "select uuid from dues_payment where id = $PID")
sql "$T/t.db" "delete from dues_allocation where payment_id = $PID; delete from dues_payment where id = $PID"
run_zhibu verify --db "$T/t.db"
expect_rc "payment deleted: exit 1" 1
expect_contains "payment deleted: named as deleted" "$T/out" "交费记录 $(echo "$PUUID" | cut -c1-8) 已被删除"

# ---- one allocation of a payment deleted ----
fresh
# (schema 13: an allocation is its payment and month)
AID=$(sql "$T/t.db" "select a.payment_id from dues_allocation a where (select count(*) from dues_allocation b where b.payment_id = a.payment_id) > 1 order by a.payment_id, a.month limit 1")
AMONTH=$(sql "$T/t.db" "select min(month) from dues_allocation where payment_id = $AID")
PUUID=$(sql "$T/t.db" "select p.uuid from dues_payment p where p.id = $AID")
sql "$T/t.db" "delete from dues_allocation where payment_id = $AID and month = '$AMONTH'"
run_zhibu verify --db "$T/t.db"
expect_rc "allocation deleted: exit 1" 1
expect_contains "allocation deleted: its payment named" "$T/out" "交费记录 $(echo "$PUUID" | cut -c1-8) 的当前内容与日志不符"

# ---- a journal entry's new value rewritten ----
fresh
HID=$(sql "$T/t.db" "select id from history where table_name = 'meeting' order by id limit 1 offset 20")
sql "$T/t.db" "update history set new_json = json_set(new_json, '$.place', '别处') where id = $HID"
run_zhibu verify --db "$T/t.db"
expect_rc "entry new_json rewritten: exit 1" 1
expect_contains "entry new_json rewritten: the entry named" "$T/out" "日志第 $HID 条（会议"
expect_contains "entry new_json rewritten: as a broken chain" "$T/out" "与哈希链不符"
expect_eq "entry new_json rewritten: chain problems come first" "$(head -1 "$T/out" | grep -c "^日志第 $HID 条")" "1"

# ---- a journal entry's author rewritten ----
fresh
HID=$(sql "$T/t.db" "select id from history where table_name = 'dues_payment' order by id limit 1 offset 50")
sql "$T/t.db" "update history set changed_by = '他人' where id = $HID"
run_zhibu verify --db "$T/t.db"
expect_rc "entry changed_by rewritten: exit 1" 1
expect_contains "entry changed_by rewritten: the entry named" "$T/out" "日志第 $HID 条（交费记录"
expect_contains "entry changed_by rewritten: one problem" "$T/out" "发现 1 个问题"

# ---- a journal entry deleted in the middle of a chain ----
fresh
HID=$(sql "$T/t.db" "select id from history where table_name = 'post_report' order by id limit 1 offset 30")
NEXT=$(sql "$T/t.db" "select min(id) from history where branch_id = (select branch_id from history where id = $HID) and id > $HID")
sql "$T/t.db" "delete from history where id = $HID"
run_zhibu verify --db "$T/t.db"
expect_rc "entry deleted: exit 1" 1
expect_contains "entry deleted: the next entry of its chain named" "$T/out" "日志第 $NEXT 条"
expect_contains "entry deleted: said so" "$T/out" "删除"

# ---- a row added behind zhibu's back ----
fresh
sql "$T/t.db" "insert into post(uuid, branch_id, name, created_at, created_by, updated_at) values ('feedface-0000-4000-8000-000000000000', (select min(id) from branch), '暗设岗位', 'x', 'x', 'x')"
run_zhibu verify --db "$T/t.db"
expect_rc "row added: exit 1" 1
expect_contains "row added: named" "$T/out" "岗位 feedface 不在日志中"

# ---- the branch's settings the audit reads: the dues start and the theme day ----
# Moved with the sqlite3 shell, the dues start would change the October audit's 党费 (the
# arrears before it vanish); verify names the branch. The theme day likewise.
fresh
SB=$(shuji_branch "$T/t.db")
SBUUID=$(sql "$T/t.db" "select substr(uuid, 1, 8) from branch where code = '$SB'")
run_zhibu audit --db "$T/t.db" --branch "$SB" --month 2026-10 --format csv
cp "$T/out" "$T/audit.before"
sql "$T/t.db" "update branch set dues_start = '2026-11' where code = '$SB'"
run_zhibu audit --db "$T/t.db" --branch "$SB" --month 2026-10 --format csv
if cmp -s "$T/out" "$T/audit.before"; then fail "dues start changed: the audit reads the column" "the audit did not change"
else ok "dues start changed: the audit reads the column"; fi
run_zhibu verify --db "$T/t.db"
expect_rc "dues start changed: exit 1" 1
expect_contains "dues start changed: the branch named" "$T/out" "支部 $SBUUID 的当前内容与日志不符"
expect_contains "dues start changed: one problem" "$T/out" "发现 1 个问题"
fresh
sql "$T/t.db" "update branch set theme_day = '3' where code = '$SB'"
run_zhibu verify --db "$T/t.db"
expect_rc "theme day changed: exit 1" 1
expect_contains "theme day changed: the branch named" "$T/out" "支部 $SBUUID 的当前内容与日志不符"

# ---- bad input ----
(cd "$T" && run_zhibu verify && echo "$RC" >"$T/rc")
expect_eq "no --db (and the config's file missing): exit 2" "$(cat "$T/rc")" "2"
expect_eq "no --db: one line" "$(wc -l <"$T/err")" "1"
run_zhibu verify --db "$DB" --frobnicate
expect_rc "unknown option: exit 2" 2
expect_contains "unknown option: the message" "$T/err" "未知选项"
expect_eq "unknown option: one line" "$(wc -l <"$T/err")" "1"
run_zhibu verify --db "$DB" --branch
expect_rc "--branch without a value: exit 2" 2
run_zhibu verify --db "$DB" --branch ""
expect_rc "empty --branch: exit 2" 2
expect_contains "empty --branch: the message" "$T/err" "--branch 不能为空"
run_zhibu verify --db "$DB" extra
expect_rc "extra argument: exit 2" 2
run_zhibu verify --db "$DB" --branch 9999999999
expect_rc "unknown branch: exit 2" 2
expect_contains "unknown branch: the message" "$T/err" "没有组织代码为 9999999999 的支部"
expect_eq "unknown branch: one line" "$(wc -l <"$T/err")" "1"
run_zhibu verify --db "$T/nosuch.db"
expect_rc "missing file: exit 2" 2
expect_contains "missing file: the message" "$T/err" "不存在"
if [ -e "$T/nosuch.db" ]; then fail "missing file: not created" "it was"; else ok "missing file: not created"; fi
printf '这不是数据库，只是一段文字。\n%.0s' $(seq 1 20) >"$T/notes.txt"
cp "$T/notes.txt" "$T/notes.orig"
run_zhibu verify --db "$T/notes.txt"
expect_rc "not a database: exit 2" 2
expect_contains "not a database: the message" "$T/err" "不是 zhibu 数据库"
if cmp -s "$T/notes.txt" "$T/notes.orig"; then ok "not a database: file untouched"; else fail "not a database: file untouched" "changed"; fi
run_zhibu verify --help
expect_rc "--help: exit 0" 0
expect_contains "--help: usage" "$T/out" "用法：zhibu verify"
run_zhibu --help
expect_contains "zhibu --help lists verify" "$T/out" "verify --db PATH"

# ---- an entry slipped into the journal behind zhibu's back, then a real write ----
# The next commit seals only what that transaction wrote: the forged entry stays unsealed and
# verify names it even after zhibu has written again.
fresh
sql "$T/t.db" "insert into history(uuid, table_name, row_uuid, action, changed_at, changed_by, new_json)
  values ('forged-0001', 'member', 'no-such-row', 'update', '2026-11-01T00:00:00Z', 'shuji', '{}')"
FID=$(sql "$T/t.db" "select id from history where uuid = 'forged-0001'")
printf 'demo1234\n' >"$T/demo.pw"
run_zhibu user passwd --db "$T/t.db" --as admin --as-password-file "$T/demo.pw" --login shencha --password-file "$T/demo.pw"
expect_rc "forged entry: a real write afterwards" 0
expect_eq "forged entry: left unsealed by the next commit" "$(sql "$T/t.db" "select count(*) from history where id = $FID and hash is null")" "1"
expect_eq "forged entry: the real write is sealed" "$(sql "$T/t.db" "select count(*) from history where id > $FID and hash is null")" "0"
run_zhibu verify --db "$T/t.db"
expect_rc "forged entry: exit 1" 1
expect_contains "forged entry: named as not written by zhibu" "$T/out" "日志第 $FID 条"
expect_contains "forged entry: unsealed" "$T/out" "未经封存"

# ---- a journal entry's time rewritten ----
fresh
HID=$(sql "$T/t.db" "select id from history where table_name = 'member' order by id limit 1 offset 10")
sql "$T/t.db" "update history set changed_at = '2020-01-01T00:00:00Z' where id = $HID"
run_zhibu verify --db "$T/t.db"
expect_rc "entry changed_at rewritten: exit 1" 1
expect_contains "entry changed_at rewritten: the entry named" "$T/out" "日志第 $HID 条（党员"
expect_contains "entry changed_at rewritten: as a broken chain" "$T/out" "与哈希链不符：日志被改动"
expect_contains "entry changed_at rewritten: one problem" "$T/out" "发现 1 个问题"

# ---- time running backwards (时间倒退): listed, but the ledger is still 完整 ----
# A ledger made as on a fresh install; the PC's clock (ZHIBU_NOW on this test database) is set
# a day back between two new members.
export ZHIBU_NOW=2026-11-21T09:00:00Z
new_branch_db
export ZHIBU_NOW=2026-11-21T10:00:00Z
run_script m1 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2026-06-01<Tab><Right>
<F2>
KEYS
W=$(sql "$DB" "select h.id from history h join member m on m.uuid = h.row_uuid where m.name = '王一'")
run_zhibu verify --db "$DB"
expect_rc "an ordinary ledger: exit 0" 0
expect_eq "an ordinary ledger: 完整" "$(head -1 "$T/out")" "完整"
expect_not_contains "an ordinary ledger: no 时间倒退" "$T/out" "时间倒退"
export ZHIBU_NOW=2026-11-20T10:00:00Z
run_script m2 80x24 <<'KEYS'
2
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2026-06-01<Tab><Right>
<F2>
KEYS
unset ZHIBU_NOW
L=$(sql "$DB" "select h.id from history h join member m on m.uuid = h.row_uuid where m.name = '李二'")
run_zhibu verify --db "$DB"
expect_rc "the clock moved back: exit 0" 0
expect_eq "the clock moved back: still 完整" "$(head -1 "$T/out")" "完整"
expect_contains "the clock moved back: the warning and its count" "$T/out" "警告：时间倒退 2 处"
expect_contains "the clock moved back: the member's entry and the one before it" "$T/out" \
    "时间倒退：日志第 $L 条（党员 新增）记于 2026-11-20 10:00:00，早于同一链上前一条（第 $W 条）的 2026-11-21 10:00:00"
expect_contains "the clock moved back: the login too (the chain of accounts)" "$T/out" "（用户 登录）记于 2026-11-20 10:00:00"
run_zhibu verify --db "$DB" --branch 1101010001
expect_rc "the clock moved back: --branch exit 0" 0
expect_contains "the clock moved back: --branch lists the branch's one" "$T/out" "警告：时间倒退 1 处"
