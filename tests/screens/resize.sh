#!/bin/sh
# Below 80x24 the interface says so plainly until the window grows; nothing is lost.
. "$(dirname "$0")/../lib.sh"

new_branch_db
run_script resize 80x24 <<'KEYS'
2
<F2>
周七
:size 79x24
:dump small.txt
2
:size 60x15
:dump smaller.txt
:size 100x30
:dump grown.txt
<Esc>
<Enter>
:dump back.txt
KEYS
expect_rc "resizing does not end the program" 0
expect_contains "79 columns is too narrow" "$T/small.txt" "窗口太小：至少需要 80×24，当前 79×24"
expect_contains "60x15 is too small" "$T/smaller.txt" "窗口太小：至少需要 80×24，当前 60×15"
expect_fits "the message fits the small window" "$T/smaller.txt" 60 15
expect_contains "keys are ignored while too small; the form is back intact" "$T/grown.txt" "姓名*     周七"
expect_fits "the grown screen uses 100x30" "$T/grown.txt" 100 30
expect_contains "back in the roster after cancelling" "$T/back.txt" "在册党员：共 0 名"
expect_eq "nothing saved by the cancelled form" "$(sql "$DB" 'select count(*) from member')" 0
