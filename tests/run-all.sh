#!/bin/sh
# Runs the whole suite once per build directory given (e.g. build build-asan) and ends with
# one line "N passed, M failed" over all of them.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
total_pass=0
total_fail=0
log=$(mktemp)
for b in "$@"; do
    echo "== suite on $b =="
    : >"$log"
    export ZHIBU="$ROOT/$b/zhibu" ROOT
    ( export LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=2026-11-21
      ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp:print_suppressions=0 \
        "$ROOT/$b/unit_tests" 2>&1; echo "unit_tests exit $?" ) >>"$log"
    for t in tests/cli/*.sh tests/screens/*.sh tests/smoke/*.sh; do
        [ -f "$t" ] || continue
        case "$b" in build-asan*) case "$t" in tests/smoke/*) continue ;; esac ;; esac
        start=$(date +%s)
        sh "$t" >>"$log" 2>&1
        rc=$?
        [ $rc -ne 0 ] && echo "FAIL $t: script exited $rc" >>"$log"
        end=$(date +%s)
        echo "   $t: $((end - start))s" >&2
    done
    # a unit binary that crashed mid-run shows as a non-zero exit with no FAIL lines
    if grep -q '^unit_tests exit [1-9]' "$log" && ! grep -q '^FAIL ' "$log"; then
        echo "FAIL unit_tests: exited non-zero (crash or sanitizer report)" >>"$log"
    fi
    grep -E '^(FAIL|    )' "$log"
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    echo "$b: $p passed, $f failed"
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
done
rm -f "$log"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
