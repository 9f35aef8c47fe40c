#!/bin/sh
# Schema 14 keeps a journal entry's table as its code and its row's uuid as 16 bytes: every
# statement zhibu prepares on the journal still finds a row's entries through the index
# history_row. With ZHIBU_TEST_PLANS set, the store logs each distinct statement that names
# history or history_data with its query plan (src/store/plan_log.c) while the demo, verify and
# the verify, bundle, import, office, forged, upgrade and history-screen tests run; a SCAN of the
# journal (history_data, the view history, or an alias of either) fails unless it is one of the
# whole-journal walks below, each a scan before schema 14 as well.
. "$(dirname "$0")/../lib.sh"

HERE=$(cd "$(dirname "$0")/.." && pwd)
export ZHIBU_TEST_PLANS="$T/plans.log"
run_zhibu demo --db "$T/demo.db" --seed 3
expect_rc "demo" 0
run_zhibu verify --db "$T/demo.db"
expect_eq "demo: 完整" "$(head -1 "$T/out")" "完整"
for t in cli/verify.sh cli/verify_pass.sh cli/bundle.sh cli/import.sh cli/office.sh cli/forged.sh \
    cli/upgrade_v14.sh screens/history.sh; do
    sh "$HERE/$t" >"$T/sub.out" 2>&1
    if grep -q '^FAIL' "$T/sub.out"; then
        fail "$t with plans logged" "$(grep '^FAIL' "$T/sub.out" | head -3)"
    else
        ok "$t with plans logged"
    fi
done
[ -s "$ZHIBU_TEST_PLANS" ] || fail "plans logged" "no $ZHIBU_TEST_PLANS"
expect_eq "every statement planned" "$(grep -c '^NOPLAN' "$ZHIBU_TEST_PLANS")" "0"

# the scans of the journal: "alias<TAB>plan<TAB>statement"
awk -F '\t' '
BEGIN { n = split("where order group join on limit set values as left cross inner using union select and or natural", kw, " ")
        for (i = 1; i <= n; i++) K[kw[i]] = 1 }
$1 == "SQL" {
    sql = $2; split("", A); A["history_data"] = 1; A["history"] = 1; s = sql
    while (match(s, /(history_data|history)[ ]+([Aa][Ss][ ]+)?[A-Za-z_][A-Za-z_0-9]*/)) {
        m = substr(s, RSTART, RLENGTH); c = split(m, w, / +/)
        if (!(tolower(w[c]) in K)) A[w[c]] = 1
        s = substr(s, RSTART + RLENGTH)
    }
    next
}
$1 == "PLAN" && $2 ~ /SCAN / {
    d = $2; sub(/.*SCAN /, "", d); split(d, w, " ")
    if (w[1] in A) print w[1] "\t" $2 "\t" sql
}' "$ZHIBU_TEST_PLANS" >"$T/scans"
# The walks by design (each over the whole journal, or its whole index):
#  - the upgrades' copies and packing (schema 10, schema 14);
#  - verify: the entries' span, the chains, the newest entry of every row (journal_pass.c);
#  - store_history_count, the export's image of the journal (whole chains by branch);
#  - verify's workers reading one entry (LIMIT 1) to begin their read transactions together.
grep -v -e "	INSERT INTO history_data_v14(" \
    -e "	INSERT INTO history_data(id, uuid, table_name, row_uuid, action, changed_at, changed_by,  old_json, new_json, branch_id, prev_hash, hash)  SELECT id, uuid, table_name, row_uuid, action, changed_at, changed_by, old_json, new_json,  branch_id, prev_hash, hash FROM history ORDER BY id" \
    -e "	UPDATE history_data SET old_json = zj_pack(table_name, old_json)" \
    -e "	SELECT ifnull(max(id), 0) - ifnull(min(id), 1) + 1 FROM history_data$" \
    -e "	SELECT min(id), max(id) FROM history_data$" \
    -e "	SELECT DISTINCT branch_id FROM history_data ORDER BY 1$" \
    -e "	SELECT table_name, row_uuid, id FROM history_data ORDER BY table_name, row_uuid, id$" \
    -e "	SELECT count(\*) FROM history$" \
    -e "	SELECT 1 FROM history_data LIMIT 1$" \
    "$T/scans" >"$T/unexpected"
expect_eq "no other scan of the journal" "$(cut -c1-400 "$T/unexpected")" ""

# the look-ups of one row's entries (ST_HROW, ST_HUUID) were planned, each through history_row
awk -F '\t' '$1 == "SQL" { sql = $2; row = index(sql, "row_uuid IN (zj_uuid(") > 0; if (row) all[sql] = 1; next }
    $1 == "PLAN" && row && index($2, "INDEX history_row (table_name=? AND row_uuid=?)") { hit[sql] = 1 }
    END { for (s in all) n++; for (s in hit) m++; print n + 0, m + 0 }' "$ZHIBU_TEST_PLANS" >"$T/rows"
read -r NROW NHIT <"$T/rows"
[ "$NROW" -ge 10 ] && ok "row look-ups planned: $NROW" || fail "row look-ups planned" "only $NROW"
expect_eq "each row look-up through history_row" "$NHIT" "$NROW"
# the scan detector is live: verify's walk of the index history_row is among what it found
expect_eq "the detector finds verify's walk of history_row" \
    "$(grep -c '	SELECT table_name, row_uuid, id FROM history_data ORDER BY' "$T/scans" | awk '{ print ($1 > 0) }')" "1"
