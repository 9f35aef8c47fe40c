#!/bin/sh
# zhibu bundle export, the bundle's file (src/store/bundle_db.c, the writer): a new SQLite file
# written under a temporary name without a rollback journal, synced once and renamed into place
# only when complete. What holds: a finished export leaves the bundle alone (no temporary file,
# no journal), whole (integrity_check ok) and importable by a township; a disk that fills up
# mid-export (the file size limit, SIGXFSZ ignored: writes fail with EFBIG) refuses with exit 1
# and one Chinese line, leaving neither the bundle nor a temporary file; an export killed
# mid-write (the same limit, SIGXFSZ kills it as a crash would) leaves nothing under the final
# name, and the next export to that name is complete.
. "$(dirname "$0")/../lib.sh"

V=$T/village.db
TW=$T/township.db
demo_village "$V"
# payload_sha BUNDLE — the SHA-256 of its payload rows in order, as the manifest's key says it
payload_sha() {
    /usr/bin/python3 -c 'import hashlib, sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
h = hashlib.sha256()
for (d,) in c.execute("select data from payload order by id"): h.update(bytes(d))
m = c.execute("select value from manifest where key = ?", ("payload_sha256",)).fetchone()[0]
print(h.hexdigest() if m == h.hexdigest() else "manifest says " + m)' "$1"
}
mkdir -p "$T/out1" "$T/out2" "$T/out3"

# ---- a finished export ----
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/out1/a.zbx"
expect_rc "export: exit 0" 0
expect_eq "export: the bundle alone in its directory (no temporary file, no journal)" \
    "$(ls -A "$T/out1")" "a.zbx"
expect_eq "export: the bundle whole" "$(sql "$T/out1/a.zbx" "pragma integrity_check")" "ok"
expect_eq "export: the payload rows numbered 1.. in order" \
    "$(sql "$T/out1/a.zbx" "select count(*) = max(id) and min(id) = 1 from payload")" "1"
SIZE=$(wc -c <"$T/out1/a.zbx")
run_zhibu init --test --db "$TW" --password-file "$PW" --office township --office-name 红旗镇党委
expect_rc "init --office township" 0
run_zhibu bundle import --db "$TW" --trust "$VFPR" "$T/out1/a.zbx"
expect_rc "the bundle imported by a township: exit 0" 0
expect_eq "the township holds the branch's members" \
    "$(sql "$TW" "select count(*) from member")" "$(sql "$V" "select count(*) from member where branch_id = $AID")"
run_zhibu verify --db "$TW"
expect_rc "the township verifies after the import" 0

# ---- the disk full mid-export: writes fail (EFBIG under a file size limit) ----
# dash's ulimit -f counts blocks of 512 bytes: a limit of a third of the bundle
LIMIT=$((SIZE / 512 / 3))
if [ "$LIMIT" -lt 200 ]; then fail "the bundle is large enough for the limit" "$SIZE bytes"; fi
(trap '' XFSZ; ulimit -f "$LIMIT"; "$ZHIBU" bundle export --db "$V" --branch "$A" --out "$T/out2/b.zbx" >"$T/out" 2>"$T/err"; echo $? >"$T/rc.full")
expect_eq "disk full: exit 1" "$(cat "$T/rc.full")" "1"
if [ "$(wc -l <"$T/err")" = 1 ] && LC_ALL=C grep -q '[^ -~]' "$T/err"; then ok "disk full: one line in Chinese"
else fail "disk full: one line in Chinese" "$(head -c 300 "$T/err")"; fi
expect_contains "disk full: said" "$T/err" "无法写入交换包"
expect_eq "disk full: nothing left (neither the bundle nor a temporary file)" "$(ls -A "$T/out2")" ""
run_zhibu verify --db "$V" --branch "$A"
expect_rc "disk full: the village still verifies" 0

# ---- killed mid-write (SIGXFSZ, as a crash) ----
(sh -c 'ulimit -f "$1"; shift; exec "$@"' - "$LIMIT" "$ZHIBU" bundle export --db "$V" --branch "$A" --out "$T/out3/c.zbx" >"$T/out" 2>"$T/err"; true) 2>/dev/null
if [ -e "$T/out3/c.zbx" ]; then fail "killed mid-write: nothing under the final name" "$(ls -l "$T/out3")"
else ok "killed mid-write: nothing under the final name"; fi
if ls "$T/out3" | grep -q '^c\.zbx\.tmp'; then ok "killed mid-write: it was killed while writing its temporary file"
else fail "killed mid-write: it was killed while writing its temporary file" "$(ls -A "$T/out3")"; fi
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/out3/c.zbx"
expect_rc "killed mid-write: the next export: exit 0" 0
expect_eq "killed mid-write: the next export whole" "$(sql "$T/out3/c.zbx" "pragma integrity_check")" "ok"
expect_eq "killed mid-write: the next export carries the first's payload" \
    "$(payload_sha "$T/out3/c.zbx")" "$(payload_sha "$T/out1/a.zbx")"
