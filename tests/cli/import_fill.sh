#!/bin/sh
# zhibu bundle import of a branch new to the township: the changeset is checked and staged in one
# pass (st_scan_fill) unless a change is one the apply would not simply insert; then the scan and
# sqlite3changeset_apply run as before. The honest bundle imports (新支部, its rows); each forged
# one is refused as main refuses it, one line, the township byte for byte unchanged: the first
# chunk stored twice (every row of it twice: the conflict handler's) as a bundle with a row twice;
# the member table keyed by another column than uuid as the apply leaves it (the table's rows
# left out: a row that refers to a member not there named); a journal entry with a NUL in its
# text, or more text after a NUL, against the chain.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

V=$T/village.db
run_zhibu demo --db "$V" --seed 1
expect_rc "demo (the village)" 0
A=$(shuji_branch "$V")
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a.zbx"
expect_rc "export $A" 0

# rewrite.py BUNDLE OUT ACTION — a copy of BUNDLE changed, payload_sha256 made right again:
#   dup     the first chunk stored again after the last
#   pk      the member table's key said to be its second column (xid), not uuid
#   nul     the first journal entry's first long text with a NUL in the middle
#   tail    the first journal entry's first JSON with a NUL and more text after it
cat >"$T/rewrite.py" <<'PY'
import shutil, sqlite3, sys

from changeset import parse, write, reseal

src, dst, action = sys.argv[1:4]
shutil.copyfile(src, dst)
db = sqlite3.connect(dst)
chunks = [(i, parse(bytes(d))) for i, d in db.execute('SELECT id, data FROM payload ORDER BY id')]
if action == 'dup':
    first = db.execute('SELECT data FROM payload ORDER BY id LIMIT 1').fetchone()[0]
    db.execute('INSERT INTO payload(id, data) VALUES ((SELECT max(id) + 1 FROM payload), ?)', (first,))
    chunks = []
elif action == 'pk':
    for _, c in chunks:
        for k, (name, pk, rows) in enumerate(c):
            if name == 'member':
                c[k] = (name, bytes([0, 1]) + bytes(len(pk) - 2), rows)
elif action == 'tail':
    rows = [row for _, c in chunks for name, _, rs in c if name == 'journal' for row in rs]
    j = next(j for j, v in enumerate(rows[0]) if isinstance(v, str) and v.startswith('{'))
    rows[0][j] = rows[0][j] + '\x00tail'
elif action == 'nul':
    rows = [row for _, c in chunks for name, _, rs in c if name == 'journal' for row in rs]
    j = next(j for j, v in enumerate(rows[0]) if isinstance(v, str) and len(v) > 70)
    rows[0][j] = rows[0][j][:20] + '\x00' + rows[0][j][20:]
for i, c in chunks:
    db.execute('UPDATE payload SET data = ? WHERE id = ?', (write(c), i))
reseal(db)
db.commit()
PY
rewrite() {
    if $PY "$T/rewrite.py" "$T/a.zbx" "$T/$1.zbx" "$1" >"$T/rewrite.out" 2>"$T/rewrite.err" &&
        "$FORGE_BIN" resign "$T/$1.zbx" "$V" >/dev/null 2>>"$T/rewrite.err"; then :
    else fail "rewrite $1" "$(tail -3 "$T/rewrite.err")"; fi
}
# the branch's rows in a township, as the tables hold them
ROWS="select 'member', uuid, name, gender, birth_date, join_date from member union all
      select 'meeting', uuid, date, topics, kind, null from meeting union all
      select 'payment', p.uuid, m.uuid, p.paid_date, p.amount, p.receipt_no from dues_payment p join member m on m.id = p.member_id
      order by 1, 2"

# ---- the honest bundle ----
TW=$T/township.db
run_zhibu init --test --db "$TW" --password-file "$PW" --office township
expect_rc "init (the honest bundle's township)" 0
run_zhibu bundle import $(trust_of "$T/a.zbx") --db "$TW" "$T/a.zbx"
expect_rc "the honest bundle: exit 0" 0
expect_contains "the honest bundle: a new branch" "$T/out" "：新支部"
NROWS=$(sql "$TW" "$ROWS" | wc -l)
if [ "$NROWS" -gt 100 ]; then ok "the honest bundle: $NROWS rows"; else fail "the honest bundle's rows" "$NROWS"; fi

# ---- refused NAME TEXT: exit 1, one line holding TEXT, the township unchanged ----
refused() {
    T1=$T/$1.db
    run_zhibu init --test --db "$T1" --password-file "$PW" --office township
    before=$(dbsum "$T1")
    run_zhibu bundle import $(trust_of "$T/$1.zbx") --db "$T1" "$T/$1.zbx"
    expect_rc "$1: refused (exit 1)" 1
    expect_contains "$1: the message" "$T/err" "$2"
    expect_eq "$1: one line" "$(wc -l <"$T/err")" "1"
    expect_eq "$1: the township byte for byte unchanged" "$(dbsum "$T1")" "$before"
}
# the first chunk twice: the conflict handler's, refused as a bundle with a row twice
rewrite dup
refused dup "交换包中有重复的记录，拒绝导入"
# the apply leaves out a table whose key is not the stage's: the members missing, a row that
# refers to one is named
rewrite pk
refused pk "引用的记录不存在（leader_id）"
rewrite nul
refused nul "与哈希链不符：日志被改动，拒绝导入"
# text after a NUL at the end of an entry's JSON (what st_jz_bind would not store): the chain
rewrite tail
refused tail "与哈希链不符：日志被改动，拒绝导入"
