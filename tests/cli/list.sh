#!/bin/sh
# zhibu list members: CSV and JSON output of the roster, and what a user can get wrong.
. "$(dirname "$0")/../lib.sh"

PY=/usr/bin/python3
DB=$T/demo.db
run_zhibu demo --db "$DB" --branches 4
expect_rc "demo database for listing" 0

# the member facts of issue 19 (人员类别, category) come after the older columns, which keep their places
HEADER="branch_code,name,gender,birth_date,ethnicity,education,phone,join_date,full_date,status,dues_category,office,group,mobile,leave_status,leave_date,category"
# The row the CSV should hold for member id $1, built straight from the database.
expected_row() {
    sqlite3 -batch -noheader -separator , "$DB" "select b.code, m.name, m.gender, m.birth_date,
        m.ethnicity, m.education, m.phone, m.join_date, m.full_date, m.status, m.dues_category,
        m.office, coalesce(g.name, ''), m.mobile, m.leave_status, m.leave_date, m.category
        from member m join branch b on b.id = m.branch_id left join party_group g on g.id = m.group_id
        where m.id = $1"
}

run_zhibu list members --db "$DB" --format csv
expect_rc "csv: exit 0" 0
expect_eq "csv: header row of column ids" "$(head -n 1 "$T/out")" "$HEADER"
expect_eq "csv: one row per member, left members included" \
    "$(($(wc -l <"$T/out") - 1))" "$(sql "$DB" "select count(*) from member")"
cp "$T/out" "$T/all.csv"
for id in 1 37 $(sql "$DB" "select id from member where status = 'probationary' limit 1") \
          $(sql "$DB" "select id from member where leave_status <> '' limit 1") \
          $(sql "$DB" "select id from member where mobile limit 1") \
          $(sql "$DB" "select id from member where office = 'secretary' limit 1"); do
    row=$(expected_row "$id")
    if grep -qxF -- "$row" "$T/all.csv"; then ok "csv: member $id's row"; else fail "csv: member $id's row" "[$row] missing"; fi
done
expect_contains "csv: the long names come through" "$T/all.csv" ",阿依古丽·买买提,F,"
expect_eq "csv: branches in code order" \
    "$(tail -n +2 "$T/all.csv" | cut -d, -f1 | uniq | tr '\n' ' ')" "1101010001 1101010002 1101010003 1101010004 "
expect_eq "csv: codes, not labels" \
    "$(tail -n +2 "$T/all.csv" | cut -d, -f3,10 | sort -u | tr '\n' ' ')" "F,full F,probationary M,full M,probationary "
expect_eq "csv: readable by a CSV reader, 17 fields each" \
    "$($PY -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8"))); print(len(set(map(len, r))), len(r[0]))' "$T/all.csv")" "1 17"
expect_eq "csv: the demo's members have a 人员类别 (codes)" \
    "$(tail -n +2 "$T/all.csv" | cut -d, -f17 | sort -u | tr '\n' ' ')" "$(sql "$DB" "select distinct category from member order by 1" | tr '\n' ' ')"
expect_eq "csv: the older columns keep their places (dues_category 11th, leave_date 16th)" \
    "$(head -n 1 "$T/all.csv" | cut -d, -f11,16)" "dues_category,leave_date"

run_zhibu list members --db "$DB" --format json
expect_rc "json: exit 0" 0
cp "$T/out" "$T/all.json"
expect_eq "json: parses, one object per member" \
    "$($PY -c 'import json,sys; print(len(json.load(sys.stdin)))' <"$T/all.json")" \
    "$(sql "$DB" "select count(*) from member")"
expect_eq "json: one object per line" "$(grep -c '^{"branch_code":' "$T/all.json")" "$(sql "$DB" "select count(*) from member")"
expect_eq "json: same keys as the CSV header, mobile a boolean" \
    "$($PY -c 'import json,sys; a=json.load(sys.stdin); print(",".join(a[0].keys())); print(sorted({type(o["mobile"]).__name__ for o in a}))' <"$T/all.json" | tr '\n' ' ')" \
    "$HEADER ['bool'] "
id=$(sql "$DB" "select id from member where mobile limit 1")
expect_eq "json: a mobile member as the database holds him" \
    "$($PY -c 'import json,sys; a=json.load(sys.stdin); n=sys.argv[1]; print([(o["branch_code"],o["birth_date"],o["mobile"],o["group"]) for o in a if o["name"]==n][0])' \
        "$(sql "$DB" "select name from member where id = $id")" <"$T/all.json")" \
    "$(sql "$DB" "select '(''' || b.code || ''', ''' || m.birth_date || ''', True, ''' || g.name || ''')'
        from member m join branch b on b.id = m.branch_id join party_group g on g.id = m.group_id where m.id = $id")"

# One branch
run_zhibu list members --db "$DB" --branch 1101010002 --format csv
expect_rc "--branch: exit 0" 0
expect_eq "--branch: only that branch's members" \
    "$(tail -n +2 "$T/out" | cut -d, -f1 | sort -u) $(($(wc -l <"$T/out") - 1))" \
    "1101010002 $(sql "$DB" "select count(*) from member m join branch b on b.id = m.branch_id where b.code = '1101010002'")"
run_zhibu list members --db "$DB" --branch 1101010000 --format json
expect_rc "a branch without members: exit 0" 0
expect_eq "a branch without members: empty JSON array" \
    "$($PY -c 'import json,sys; print(json.load(sys.stdin))' <"$T/out")" "[]"
run_zhibu list members --db "$DB" --branch 1101010000 --format csv
expect_eq "a branch without members: CSV header only" "$(cat "$T/out")" "$HEADER"
run_zhibu list members --db "$DB" --branch 9999 --format csv
expect_rc "unknown branch: exit 1" 1
expect_contains "unknown branch: message" "$T/err" "没有组织代码为 9999 的支部"
expect_eq "unknown branch: nothing on stdout" "$(wc -c <"$T/out")" "0"

# Quoting: a name with a comma and quotes, a newline, a control character.
cp "$DB" "$T/odd.db"
sql "$T/odd.db" "update member set name = '张,三\"号' where id = 1;
                 update member set name = '李' || char(10) || '四' where id = 2;
                 update member set name = '王' || char(1) || '五\\' where id = 3;"
run_zhibu list members --db "$T/odd.db" --format csv
expect_rc "odd names, csv: exit 0" 0
expect_contains "csv: comma and quotes quoted, quotes doubled" "$T/out" ',"张,三""号",'
# (CSV is shown on terminals: a control character is written as U+FFFD, see tests/cli/files.sh;
# JSON below escapes it and keeps the exact name)
expect_eq "csv: a reader gets the names back, a control character as U+FFFD" \
    "$($PY -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8"))); print(repr(sorted(x[1] for x in r[1:] if set(x[1]) & set(",\n\ufffd"))))' "$T/out")" \
    "['张,三\"号', '李\\n四', '王�五\\\\']"
run_zhibu list members --db "$T/odd.db" --format json
expect_rc "odd names, json: exit 0" 0
expect_contains "json: control character as \\u0001" "$T/out" '"王\u0001五\\"'
expect_eq "json: parses with the exact names" \
    "$($PY -c 'import json,sys; a=json.load(sys.stdin); print(repr(sorted(o["name"] for o in a if set(o["name"]) & set(",\n\x01"))))' <"$T/out")" \
    "['张,三\"号', '李\\n四', '王\\x01五\\\\']"

# A database that is not there, or not SQLite: the store's message, nothing changed.
run_zhibu list members --db "$T/missing.db" --format csv
expect_rc "missing database: exit 1" 1
if [ -s "$T/err" ] && [ ! -e "$T/missing.db" ]; then ok "missing database: message, no file created"; else fail "missing database: message, no file created" "$(cat "$T/err")"; fi
printf '这不是数据库\n%.0s' 1 2 3 >"$T/notes.db"
cp "$T/notes.db" "$T/notes.orig"
run_zhibu list members --db "$T/notes.db" --format json
expect_rc "not SQLite: exit 1" 1
expect_contains "not SQLite: the store's message names the file" "$T/err" "$T/notes.db"
if cmp -s "$T/notes.db" "$T/notes.orig" && [ ! -e "$T/notes.db-wal" ]; then ok "not SQLite: file unchanged"; else fail "not SQLite: file unchanged" "changed"; fi
expect_eq "not SQLite: nothing on stdout" "$(wc -c <"$T/out")" "0"

# Usage errors: exit 2 with one line.
usage_case() { # NAME TEXT ARGS...
    name=$1 text=$2
    shift 2
    run_zhibu "$@"
    expect_rc "$name: exit 2" 2
    expect_contains "$name: message" "$T/err" "$text"
    expect_eq "$name: one line" "$(wc -l <"$T/err")" "1"
}
usage_case "no --format" "缺少 --format" list members --db "$DB"
usage_case "bad --format" "--format 应是 csv 或 json" list members --db "$DB" --format xml
usage_case "--format without value" "选项 --format 需要一个值" list members --db "$DB" --format
usage_case "nothing to list" "请指定要列出的内容" list --db "$DB" --format csv
usage_case "unknown list" "不能列出“audits”" list audits --db "$DB" --format csv
usage_case "dues without --year" "缺少 --year" list dues --db "$DB" --format csv
usage_case "--year for members" "--year 只适用于 list dues" list members --db "$DB" --year 2026 --format csv
usage_case "unknown option" "未知选项 --sort" list members --db "$DB" --format csv --sort name
usage_case "two things to list" "多余的参数 extra" list members extra --db "$DB" --format csv

run_zhibu list --help
expect_rc "--help" 0
expect_contains "--help documents the columns" "$T/out" "dues_category  党费类别"
expect_contains "--help gives the usage" "$T/out" "用法：zhibu list members"
expect_contains "--help gives the meetings usage" "$T/out" "zhibu list meetings [--db 路径] [--branch 组织代码] [--month YYYY-MM]"
for col in branch_code date start_time end_time kind also group first_topic expected present on_leave absent quorum late incomplete missing voided created_at created_by uuid; do
    grep -qE "^  $col +" "$T/out" || fail "--help documents the meeting column $col" "missing"
done
ok "--help documents every meeting column"
expect_contains "--help: late uses the configured days" "$T/out" "late_entry_days"
expect_contains "--help gives the dues usage" "$T/out" "zhibu list dues [--db 路径] --year YYYY [--branch 组织代码] --format csv|json"
for col in branch_code name status dues_category base_fen total_fen paid_through months_owed amount_owed_fen flag; do
    grep -qE "^  $col +" "$T/out" || fail "--help documents the dues column $col" "missing"
done
expect_contains "--help documents m01..m12" "$T/out" "m01 … m12"
ok "--help documents every dues column"
