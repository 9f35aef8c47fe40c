#!/bin/sh
# zhibu demo's journal (issue 17): the generator keeps its entries as text while it writes and
# packs them once at the end, on a second thread (meeting_demo.c move_packed). What reaches the
# file must be what every write stores: the same entries, in the same order, with the same
# text, packed where packing pays; the same seed twice gives the same journal; the writes after
# the demo (a district's imports, in the same process) pack as always.
. "$(dirname "$0")/../lib.sh"

# The journal's content as history shows it (decoded), uuids and keys masked: the tables whose
# values are random per run (the office's key, password hashes) left out.
journal() {
    sql "$1" "select id, table_name, action, changed_at, changed_by, ifnull(old_json, '-'),
                     ifnull(new_json, '-'), branch_id
                from history where table_name not in ('office_key', 'app_user') order by id" |
        sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/U/g' | md5sum | cut -c1-32
}

for run in 1 2; do
    ZHIBU_NOW=2026-11-21T08:00:00Z run_zhibu demo --db "$T/j$run.db" --branches 2 --years 2 --seed 5
    expect_rc "demo, run $run" 0
done
# taken with the generator that packed every entry as it wrote it (main 1098603)
expect_eq "the journal as the generator that packed as it wrote made it" "$(journal "$T/j1.db")" \
    "acf6f1e89e5c24570ad41a97fd712bfc"
expect_eq "the same seed twice: the same journal" "$(journal "$T/j2.db")" "$(journal "$T/j1.db")"

DB=$T/j1.db
expect_eq "no entry of a table with a dictionary (codes 1 to 30) left as text" \
    "$(sql "$DB" "select count(*) from history_data where table_name between 1 and 30
                  and (typeof(new_json) = 'text' or typeof(old_json) = 'text')")" "0"
expect_eq "and there are such entries: meetings, payments, members, posts" \
    "$(sql "$DB" "select count(distinct table_name) || ' ' || (count(*) > 1000) from history_data
                  where table_name in (3, 4, 8, 12) and typeof(new_json) = 'blob'")" "4 1"
expect_eq "every packed entry reads back as its JSON" \
    "$(sql "$DB" "select count(*) from history where new_json is not null
                  and not json_valid(new_json)")" "0"
run_zhibu verify --db "$DB"
expect_rc "the demo's journal verifies" 0
expect_contains "and says 完整" "$T/out" "完整"

# the district demo makes its townships (the bulk) and imports them in the same process: the
# imports' entries are packed as any write's
ZHIBU_NOW=2026-11-21T08:00:00Z run_zhibu demo --district --db "$T/d.db" --townships 2 --branches 4 \
    --years 1 --seed 2
expect_rc "district demo" 0
expect_eq "the district's imported journal stored packed" \
    "$(sql "$T/d.db" "select count(*) > 100, sum(typeof(new_json) = 'text')
                      from journal_import_data where table_name in ('meeting', 'dues_payment')")" "1|0"
expect_eq "the district's own journal stored packed (the tables of a township's, codes 1 to 24)" \
    "$(sql "$T/d.db" "select count(*) from history_data where table_name between 1 and 24
                      and typeof(new_json) = 'text'")" "0"
run_zhibu verify --db "$T/d.db"
expect_rc "the district's journal verifies" 0
