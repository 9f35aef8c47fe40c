#!/bin/sh
# zhibu bundle import of branches new to the township (issue 17, exchange_derive.c): their
# tables copied by one statement each from the stage (attached to the township's connection),
# the meeting search index and dues by year (dues_paid_year) filled once after the first pass
# while their triggers are set aside. Checked: two branches one after the other (the second
# into a township that holds the first) give the village's rows in the village's order, its
# dues by year, its search results (voided payments: tests/unit/test_store_import_bulk.c); the township's triggers after
# the imports are those of a new township, text for text; no stage file is left behind; and a
# township whose stage cannot have a file of its own (TMPDIR missing) takes the same
# bundles row by row with the same result.
. "$(dirname "$0")/../lib.sh"

V=$T/village.db
run_zhibu demo --db "$V" --seed 3
expect_rc "demo (the village)" 0
# the two branches with the most meetings
set -- $(sql "$V" "select b.code from branch b join meeting m on m.branch_id = b.id group by b.id order by count(*) desc, b.code limit 2")
A=$1 B=$2
for c in "$A" "$B"; do
    run_zhibu bundle export --db "$V" --branch "$c" --out "$T/$c.zbx"
    expect_rc "export $c" 0
done
mkdir -p "$T/tmp"

TRIGGERS="select name, sql from sqlite_schema where type = 'trigger' order by name"
PAID="select m.uuid, y.year, y.months from dues_paid_year y join member m on m.id = y.member_id join branch b on b.id = m.branch_id where b.code = 'CODE' order by 1, 2"
ORDER="select group_concat(x.uuid, ',') from (select t.uuid from TAB t join branch b on b.id = t.branch_id where b.code = 'CODE' order by t.id) x"

# township NAME TMPDIR — a new township $T/NAME.db that imports A then B with TMPDIR set so
township() {
    tw=$T/$1.db
    run_zhibu init --test --db "$tw" --password-file "$PW" --office township
    expect_rc "$1: init --office township" 0
    sql "$tw" "$TRIGGERS" >"$T/$1.triggers.before"
    for c in "$A" "$B"; do
        TMPDIR=$2 run_zhibu bundle import $(trust_of "$T/$c.zbx") --db "$tw" "$T/$c.zbx"
        expect_rc "$1: import $c" 0
        expect_contains "$1: $c a new branch" "$T/out" "：新支部"
    done
    sql "$tw" "$TRIGGERS" >"$T/$1.triggers"
    if cmp -s "$T/$1.triggers" "$T/$1.triggers.before"; then ok "$1: the triggers a new township has, text for text"
    else fail "$1: the triggers" "$(diff "$T/$1.triggers.before" "$T/$1.triggers" | head -c 300)"; fi
    run_zhibu verify --db "$tw"
    expect_eq "$1: verify 完整" "$RC $(head -1 "$T/out")" "0 完整"
    for c in "$A" "$B"; do
        q=$(echo "$PAID" | sed "s/CODE/$c/")
        n=$(sql "$V" "$q" | wc -l)
        if [ "$n" -gt 20 ]; then ok "$1: $c has dues by year ($n member-years)"; else fail "$1: $c dues by year" "$n rows"; fi
        expect_eq "$1: $c dues_paid_year the village's, member by member" "$(sql "$tw" "$q")" "$(sql "$V" "$q")"
        for tab in meeting dues_payment member; do
            q=$(echo "$ORDER" | sed "s/CODE/$c/; s/TAB/$tab/")
            expect_eq "$1: $c $tab in the village's order" "$(sql "$tw" "$q")" "$(sql "$V" "$q")"
        done
        # the search: three words of the branch's topics find the same meetings
        for w in $(sql "$V" "select distinct substr(m.topics, 1, 3) from meeting m join branch b on b.id = m.branch_id where b.code = '$c' and length(m.topics) >= 3 order by m.id limit 3"); do
            q="select m.uuid from meeting_fts f join meeting m on m.id = f.rowid join branch b on b.id = m.branch_id where meeting_fts match '\"$w\"' and b.code = '$c' order by 1"
            got=$(sql "$tw" "$q")
            if [ -n "$got" ] && [ "$got" = "$(sql "$V" "$q")" ]; then ok "$1: $c search “$w” finds the village's meetings"
            else fail "$1: $c search “$w”" "$(echo "$got" | wc -l) found"; fi
        done
    done
    expect_eq "$1: meeting_fts one entry a meeting" "$(sql "$tw" "select count(*) from meeting_fts")" "$(sql "$tw" "select count(*) from meeting")"
    expect_eq "$1: meeting_fts integrity-check" "$(sql "$tw" "insert into meeting_fts(meeting_fts) values ('integrity-check')" 2>&1)" ""
}

township bulk "$T/tmp"
expect_eq "no stage file left in TMPDIR" "$(ls -A "$T/tmp")" ""
# no file of its own for the stage: the rows one by one (SQLite's temporary database elsewhere)
township rowwise "$T/none"
for tab in meeting meeting_attendance dues_payment dues_allocation dues_paid_year member post_report; do
    q="select count(*) from $tab"
    expect_eq "row by row: $tab as many rows as in bulk" "$(sql "$T/rowwise.db" "$q")" "$(sql "$T/bulk.db" "$q")"
done
ALLOC="select p.uuid, a.month, a.amount, m.uuid from dues_allocation a join dues_payment p on p.id = a.payment_id left join member m on m.id = a.member_id order by 1, 2"
expect_eq "row by row: the allocations (payment, month, amount, member) as in bulk" "$(sql "$T/rowwise.db" "$ALLOC" | sha256sum)" "$(sql "$T/bulk.db" "$ALLOC" | sha256sum)"
ATT="select g.uuid, m.uuid, a.voting, a.mark, a.reason, a.excused, a.seq from meeting_attendance a join meeting g on g.id = a.meeting_id join member m on m.id = a.member_id order by 1, 2"
expect_eq "row by row: the attendance as in bulk" "$(sql "$T/rowwise.db" "$ATT" | sha256sum)" "$(sql "$T/bulk.db" "$ATT" | sha256sum)"
# the history of the imports (a branch new here: one statement a table, exchange_write.c
# history_bulk): the same entries in the same order as row by row, the JSON stored packed alike,
# each entry its own uuid
HIST="select table_name, row_uuid, action, changed_by, old_json, new_json from history where action = 'import' order by id"
n=$(sql "$T/bulk.db" "select count(*) from history where action = 'import' and table_name = 'meeting'")
expect_eq "bulk: one history entry 'import' a meeting" "$n" "$(sql "$T/bulk.db" "select count(*) from meeting")"
expect_eq "row by row: the history entries (table, row, action, who, JSON) in the same order as in bulk" "$(sql "$T/rowwise.db" "$HIST" | sha256sum)" "$(sql "$T/bulk.db" "$HIST" | sha256sum)"
PACKED="select h.table_name, typeof(d.new_json), count(*) from history_data d join history h on h.id = d.id where h.action = 'import' group by 1, 2 order by 1, 2"
expect_eq "row by row: the history's JSON stored packed as in bulk" "$(sql "$T/rowwise.db" "$PACKED")" "$(sql "$T/bulk.db" "$PACKED")"
expect_eq "bulk: each history entry its own uuid" "$(sql "$T/bulk.db" "select count(distinct uuid) = count(*) and min(length(uuid)) = 36 from history")" "1"
