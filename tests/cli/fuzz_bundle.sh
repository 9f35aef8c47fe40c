#!/bin/sh
# Mutated bundles: a fuzz test of `zhibu bundle import`. A demo village exports one branch; the
# bundle is then mutated in every way a careless copy or a forger could — cut short at many
# lengths, single bytes flipped across the whole file, each manifest value swapped for the one
# another branch's bundle carries or removed, payload chunks swapped, duplicated, dropped or
# taken from another bundle — and each mutant is imported into a copy of a township database
# that already holds the branch. The property checked for every mutant:
#   - refused: exit 1, one line on stderr in Chinese, the township's file byte for byte as it was;
#   - or, only when the mutation left the bundle's content as it was (a flipped byte in unused
#     space of the SQLite file), accepted with the same report as the original.
# Never a crash, a sanitizer report or a changed database from a changed bundle.
# The mutations are deterministic (a fixed seed), so a failure can be reproduced.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
# options every import of these bundles needs (e.g. trusting the village's office on first use)
IMPORT_OPTS=${IMPORT_OPTS:-}

V=$T/village.db
TW=$T/township.db
run_zhibu demo --db "$V" --seed 2
expect_rc "demo (the village)" 0
A=$(shuji_branch "$V")
B=$(sql "$V" "select code from branch where code <> '$A' and not exists (select 1 from branch c where c.parent_id = branch.id) order by code limit 1")
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a.zbx"
expect_rc "export of $A" 0
run_zhibu bundle export --db "$V" --branch "$B" --out "$T/b.zbx"
expect_rc "export of $B" 0

run_zhibu init --test --db "$TW" --password-file "$PW" --office township
expect_rc "the township" 0
# trust on first use, when the program asks for it: the village's fingerprint from its bundle
FPR=$(sqlite3 -batch -noheader -readonly "$T/a.zbx" "select value from manifest where key = 'office_fingerprint'" 2>/dev/null)
[ -n "$FPR" ] && [ -z "$IMPORT_OPTS" ] && IMPORT_OPTS="--trust $FPR"
# shellcheck disable=SC2086
run_zhibu bundle import $IMPORT_OPTS --db "$TW" "$T/a.zbx"
expect_rc "the original bundle imports" 0
cp "$T/out" "$T/report.ref"
# the township as it stands: every mutant is imported into a fresh copy of this file
sqlite3 "$TW" "pragma wal_checkpoint(truncate)" >/dev/null
cp "$TW" "$T/base.db"
BASE_SHA=$(sha256sum <"$T/base.db" | cut -d' ' -f1)
# the same bundle again changes nothing: the report an unchanged mutant must give
cp "$T/base.db" "$T/again.db"
# shellcheck disable=SC2086
run_zhibu bundle import $IMPORT_OPTS --db "$T/again.db" "$T/a.zbx"
expect_rc "the original bundle again" 0
grep -v '^导入时间\|imported_at' "$T/out" >"$T/report.again"

# content FILE — what a bundle says, independent of its file layout (empty when unreadable)
content() {
    { sqlite3 -batch -noheader -readonly "$1" "select key, value from manifest order by key" &&
      sqlite3 -batch -noheader -readonly "$1" "select id, hex(data) from payload order by id"; } 2>/dev/null | sha256sum | cut -d' ' -f1
}
ORIG_CONTENT=$(content "$T/a.zbx")

NREFUSED=0; NSAME=0; NBAD=0
# try NAME FILE — import the mutant FILE into a copy of the township and check the property
try() {
    cp "$T/base.db" "$T/m.db"
    rm -f "$T/m.db-wal" "$T/m.db-shm"
    # shellcheck disable=SC2086
    run_zhibu bundle import $IMPORT_OPTS --db "$T/m.db" "$2"
    sqlite3 "$T/m.db" "pragma wal_checkpoint(truncate)" >/dev/null 2>&1
    sha=$(sha256sum <"$T/m.db" | cut -d' ' -f1)
    if [ "$RC" = 1 ]; then
        lines=$(wc -l <"$T/err")
        if [ "$sha" != "$BASE_SHA" ]; then
            NBAD=$((NBAD + 1)); fail "$1" "refused, but the township's file changed"
        elif [ "$lines" != 1 ] || [ "$(LC_ALL=C tr -d '\000-\177' <"$T/err" | wc -c)" -lt 6 ]; then
            NBAD=$((NBAD + 1)); fail "$1" "refused without one Chinese line: $(head -c 300 "$T/err")"
        else
            NREFUSED=$((NREFUSED + 1))
        fi
    elif [ "$RC" = 0 ]; then
        grep -v '^导入时间\|imported_at' "$T/out" >"$T/report.m"
        if [ "$(content "$2")" != "$ORIG_CONTENT" ]; then
            NBAD=$((NBAD + 1)); fail "$1" "a changed bundle was accepted: $(head -c 300 "$T/out")"
        elif ! cmp -s "$T/report.m" "$T/report.again"; then
            NBAD=$((NBAD + 1)); fail "$1" "an unchanged bundle gave another report"
        else
            NSAME=$((NSAME + 1))
        fi
    else
        NBAD=$((NBAD + 1)); fail "$1" "exit status $RC: $(head -c 300 "$T/err")"
    fi
}

SIZE=$(wc -c <"$T/a.zbx")
# ---- cut short ----
for n in 0 1 50 99 100 101 512 4095 4096 4097 $((SIZE / 3)) $((SIZE / 2)) $((SIZE - 4096)) $((SIZE - 1)); do
    [ "$n" -ge 0 ] && [ "$n" -lt "$SIZE" ] || continue
    head -c "$n" "$T/a.zbx" >"$T/cut.zbx"
    try "cut to $n bytes" "$T/cut.zbx"
done

# ---- flipped bytes: 60 offsets spread over the file, fixed seed ----
$PY - "$T/a.zbx" "$T/flip" 60 <<'PY'
import random, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
rng = random.Random(20261202)
for i in range(n):
    off = rng.randrange(len(data))
    b = bytearray(data)
    b[off] ^= rng.randrange(1, 256)
    open("%s.%02d" % (out, i), "wb").write(bytes(b))
    pass
PY
for f in "$T"/flip.*; do
    try "a byte flipped (${f##*/})" "$f"
done

# ---- manifest values: each swapped for another branch's bundle's, or removed ----
for key in $(sqlite3 -batch -noheader -readonly "$T/a.zbx" "select key from manifest order by key"); do
    other=$(sqlite3 -batch -noheader -readonly "$T/b.zbx" "select value from manifest where key = '$key'")
    mine=$(sqlite3 -batch -noheader -readonly "$T/a.zbx" "select value from manifest where key = '$key'")
    if [ "$other" != "$mine" ]; then
        cp "$T/a.zbx" "$T/swap.zbx"
        sqlite3 "$T/swap.zbx" "attach '$T/b.zbx' as o; update main.manifest set value = (select value from o.manifest where key = '$key') where key = '$key'"
        try "manifest $key taken from another bundle" "$T/swap.zbx"
    fi
    cp "$T/a.zbx" "$T/drop.zbx"
    sqlite3 "$T/drop.zbx" "delete from manifest where key = '$key'"
    try "manifest $key removed" "$T/drop.zbx"
done
cp "$T/a.zbx" "$T/extra.zbx"
sqlite3 "$T/extra.zbx" "insert into manifest values ('rows:member', '1')" 2>/dev/null ||
    sqlite3 "$T/extra.zbx" "update manifest set value = value + 1 where key = 'rows:member'"
try "manifest rows:member changed" "$T/extra.zbx"

# ---- payload chunks ----
NCHUNK=$(sqlite3 -batch -noheader -readonly "$T/a.zbx" "select count(*) from payload")
if [ "$NCHUNK" -ge 2 ]; then ok "the bundle has $NCHUNK chunks"; else fail "the bundle has several chunks" "$NCHUNK"; fi
cp "$T/a.zbx" "$T/swapchunks.zbx"
sqlite3 "$T/swapchunks.zbx" "update payload set id = -id where id in (1, 2); update payload set id = 2 where id = -1; update payload set id = 1 where id = -2"
try "chunks 1 and 2 swapped" "$T/swapchunks.zbx"
cp "$T/a.zbx" "$T/dupchunk.zbx"
sqlite3 "$T/dupchunk.zbx" "insert into payload(id, data) select max(id) + 1, (select data from payload where id = 1) from payload"
try "chunk 1 repeated at the end" "$T/dupchunk.zbx"
cp "$T/a.zbx" "$T/dropchunk.zbx"
sqlite3 "$T/dropchunk.zbx" "delete from payload where id = (select max(id) from payload)"
try "the last chunk dropped" "$T/dropchunk.zbx"
cp "$T/a.zbx" "$T/foreignchunk.zbx"
sqlite3 "$T/foreignchunk.zbx" "attach '$T/b.zbx' as o; update main.payload set data = (select data from o.payload where id = 1) where id = 1"
try "chunk 1 taken from another branch's bundle" "$T/foreignchunk.zbx"
cp "$T/a.zbx" "$T/emptychunk.zbx"
sqlite3 "$T/emptychunk.zbx" "update payload set data = x'' where id = 1"
try "chunk 1 emptied" "$T/emptychunk.zbx"

expect_eq "no mutant crashed, changed the township or was accepted changed" "$NBAD" "0"
if [ "$NREFUSED" -gt 100 ]; then ok "mutants refused: $NREFUSED (accepted unchanged: $NSAME)"
else fail "most mutants refused" "$NREFUSED refused, $NSAME accepted unchanged"; fi
