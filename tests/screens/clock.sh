#!/bin/sh
# The clock on a real ledger (issue 12, hole 2). On a database made by `zhibu init` without
# --test, ZHIBU_TODAY / ZHIBU_NOW set to a date two weeks back are not honoured: a meeting
# entered for that date gets the real created_at and journal time and shows 补记, and the title
# shows the real date with no 测试时钟. On a test database the same entry is on time.
. "$(dirname "$0")/../lib.sh"

back=$(date -u -d '14 days ago' +%F)
# the real day (taken before and after each run: a run may cross midnight)
real_day_ok() { [ "$1" = "$2" ] || [ "$1" = "$3" ]; }

new_branch_db real
export ZHIBU_TODAY="$back" ZHIBU_NOW="${back}T09:00:00Z"
day_before=$(date -u +%F)
run_script late 80x24 <<KEYS
1
<F2>
<Enter>
<C-u>$back<Tab>14:00<Tab>16:00<Tab>党员活动室<Tab><Tab><Tab><Tab><Tab>学习党章
<F2>
:dump late.txt
KEYS
day_after=$(date -u +%F)
expect_rc "real ledger: the meeting is entered" 0
expect_eq "real ledger: the meeting's date" "$(sql "$DB" "select date from meeting")" "$back"
created=$(sql "$DB" "select substr(created_at, 1, 10) from meeting")
if real_day_ok "$created" "$day_before" "$day_after"; then ok "real ledger: created_at is the real date"
else fail "real ledger: created_at is the real date" "created_at $created, real $day_after, ZHIBU_TODAY $back"; fi
journaled=$(sql "$DB" "select substr(changed_at, 1, 10) from history where table_name = 'meeting' and action = 'insert'")
if real_day_ok "$journaled" "$day_before" "$day_after"; then ok "real ledger: the journal time is the real date"
else fail "real ledger: the journal time is the real date" "changed_at $journaled, real $day_after, ZHIBU_NOW ${back}T09:00:00Z"; fi
expect_contains "real ledger: the list marks the entry 补记" "$T/late.txt" "学习党章"
grep -F "学习党章" "$T/late.txt" >"$T/late.row"
expect_contains "real ledger: 补记 on the meeting's row" "$T/late.row" "补记"
head -1 "$T/late.txt" >"$T/late.title"
expect_not_contains "real ledger: no test clock in the title" "$T/late.title" "测试时钟"
if grep -qF -e "（支部书记）  $day_before" -e "（支部书记）  $day_after" "$T/late.title"; then ok "real ledger: the title shows the real date"
else fail "real ledger: the title shows the real date" "$(cat "$T/late.title")"; fi
run_zhibu list meetings --db "$DB" --format csv
expect_eq "real ledger: list meetings says late" \
    "$(/usr/bin/python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))); print(r[0]["late"])' "$T/out")" "1"
run_zhibu verify --db "$DB"
expect_rc "real ledger: verify 完整" 0

# the same entry on a test database: the clock is set, the entry is on time, the title says so
rm -f "$DB" "$DB-wal" "$DB-shm"
new_branch_db
run_script ontime 80x24 <<KEYS
1
<F2>
<Enter>
<C-u>$back<Tab>14:00<Tab>16:00<Tab>党员活动室<Tab><Tab><Tab><Tab><Tab>学习党章
<F2>
:dump ontime.txt
KEYS
expect_eq "test database: created_at from ZHIBU_NOW" "$(sql "$DB" "select created_at from meeting")" "${back}T09:00:00Z"
grep -F "学习党章" "$T/ontime.txt" >"$T/ontime.row"
expect_not_contains "test database: not 补记" "$T/ontime.row" "补记"
head -1 "$T/ontime.txt" >"$T/ontime.title"
expect_contains "test database: 测试时钟 and the set date in the title" "$T/ontime.title" "测试时钟 $back"

# a title too long for the line keeps the test clock (the user's name gives way)
DB=$T/long.db
"$ZHIBU" init --test --db "$DB" --password-file "$PW" >"$T/init.out" 2>&1 || fail "init --test" "$(cat "$T/init.out")"
login_as admin
run_script long 80x24 <<'KEYS'
6
1101010001<Tab>红旗村党支部红旗村党支部红旗村党支部红旗村党支部红旗村党支部<Tab><Tab>15
<F2>
:dump long.txt
KEYS
head -1 "$T/long.txt" >"$T/long.title"
expect_contains "a long title keeps the test clock" "$T/long.title" "测试时钟 $back"
expect_contains "a long title: the branch name cut" "$T/long.title" "支部工作台账 │ 红旗村党支部红旗村"
expect_fits "a long title fits 80x24" "$T/long.txt" 80 24
