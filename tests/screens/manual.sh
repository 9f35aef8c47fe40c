#!/bin/sh
# F1 points to the user manual (issue 15): the help of every screen ends with the section of
# README.md's 使用说明 that explains it, and that section is in the README.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0
login_demo shuji

# The roster's help at 80x24: the last page ends with the pointer.
run_script roster 80x24 <<'KEYS'
2
<F1>
<End>
:dump roster-help.txt
KEYS
expect_contains "the roster's F1 points to its section" "$T/roster-help.txt" \
    "│ 详见使用说明「党员名册」（README.md，或 man zhibu）"
expect_fits "the help fits 80x24" "$T/roster-help.txt" 80 24

# The reviewer's table, at a larger size (the whole help on one page): its own section.
login_demo shencha
run_script review 120x40 <<'KEYS'
5
<Enter>
<F1>
:dump review-help.txt
KEYS
expect_contains "the review's F1 points to the reviewer's section" "$T/review-help.txt" \
    "│ 详见使用说明「月审月报（乡镇审查员）」（README.md，或 man zhibu）"
expect_fits "the help fits 120x40" "$T/review-help.txt" 120 40

# The sections named are the README's.
for s in 党员名册 "月审月报（乡镇审查员）"; do
    expect_contains "README.md has the section $s" "$ROOT/README.md" "### $s"
done
