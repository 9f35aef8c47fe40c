#!/bin/sh
# The demo township in the interface: long and minority names at 80x24 and 120x40, control
# characters and invalid bytes in stored text shown as U+FFFD without breaking the columns,
# paging through a branch, and the groups/committee keys from the roster.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database made" 0
code=$(sql "$DB" "select b.code from member m join branch b on b.id=m.branch_id where m.name='阿依古丽·买买提'")
[ -n "$code" ] && ok "the demo has a long minority name" || fail "the demo has a long minority name" "not found"
# the township's reviewer reads every branch
login_demo shencha

# a name with a tab, a bell and an invalid byte, written behind the program's back
sql "$DB" "update member set name='坏'||char(9)||'名'||char(7)||cast(x'ff' as text) where id=(select min(m.id) from member m join branch b on b.id=m.branch_id where b.code='$code' and m.office='')"

for size in 80x24 120x40; do
    cols=${size%x*}; rows=${size#*x}
    cat >"$T/k$size" <<KEYS
2
/阿依古丽
<Enter>
:dump found$size.txt
/<C-u>坏
<Enter>
:dump ctrl$size.txt
/<C-u><Enter>
<End>
:dump end$size.txt
KEYS
    # shellcheck disable=SC2086
    (cd "$T" && "$ZHIBU" --db "$DB" $LOGIN --branch "$code" --script "$T/k$size" --size "$size" >"$T/out" 2>"$T/err")
    expect_contains "long minority name in the roster at $size" "$T/found$size.txt" "阿依古丽·买买提"
    expect_fits "roster with long names fits $size" "$T/found$size.txt" "$cols" "$rows"
    expect_contains "control characters shown as U+FFFD at $size" "$T/ctrl$size.txt" "坏�名��"
    expect_fits "control characters do not break the columns at $size" "$T/ctrl$size.txt" "$cols" "$rows"
    expect_fits "the end of a long list fits $size" "$T/end$size.txt" "$cols" "$rows"
done
# The row with control characters keeps the same column layout as its neighbours.
/usr/bin/python3 - "$T/ctrl80x24.txt" <<'PY' && ok "the gender column stays aligned" || fail "the gender column stays aligned" "misaligned"
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
header = next(l for l in lines if l.startswith("姓名"))
row = next(l for l in lines if l.startswith("坏"))
col = w(header[:header.index("性别")])
# the character of the row that starts at screen column `col`
acc, i = 0, 0
while acc < col and i < len(row):
    acc += w(row[i]); i += 1
sys.exit(0 if acc == col and row[i] in "男女" else 1)
PY

# From the roster, g opens the groups and c the committee; Esc comes back to the roster.
run_script keys 80x24 <<'KEYS'
2
g
:dump groups.txt
<Esc>c
:dump committee.txt
<Esc>
:dump roster.txt
KEYS
expect_contains "g opens the groups" "$T/groups.txt" "第一党小组"
expect_contains "c opens the committee, secretary first" "$T/committee.txt" "书记"
sed -n '/^职务 /{n;p;q}' "$T/committee.txt" >"$T/firstrow" # the row under the column titles
expect_contains "the secretary is the first row" "$T/firstrow" "书记"
expect_contains "Esc returns to the roster" "$T/roster.txt" "在册党员：共"

# A dialog whose edge falls on the second half of a Chinese character: the character is
# blanked, the frame stays whole, and the row keeps its width. F8 (离开名册) is the branch's own
# key: its secretary opens the dialog (the reviewer's F8 is refused before any dialog).
printf 'demo1234\n' >"$T/admin.pw"
run_zhibu user add --db "$DB" --as admin --as-password-file "$T/admin.pw" --login cunshuji \
    --name 村书记 --role secretary --branch "$code" --password-file "$PW"
expect_rc "the administrator adds the branch's secretary" 0
login_as cunshuji
run_script boxedge 80x24 <<'KEYS'
2
<Home><F8>
:dump boxedge.txt
KEYS
/usr/bin/python3 - "$T/boxedge.txt" <<'PY' && ok "dialog frames over Chinese text stay whole" || fail "dialog frames over Chinese text stay whole" "$(sed -n 8,16p "$T/boxedge.txt")"
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
col = lambda l, ch: w(l[:l.index(ch)])  # screen column of the first ch
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
top = [i for i, l in enumerate(lines) if "┌" in l]
bottom = [i for i, l in enumerate(lines) if "└" in l]
assert len(top) == 1 and len(bottom) == 1, (top, bottom)
left = col(lines[top[0]], "┌")
for l in lines[top[0] + 1:bottom[0]]:
    assert l.count("│") == 2 and col(l, "│") == left, l
assert col(lines[bottom[0]], "└") == left
PY
expect_fits "the rows under the dialog keep their width" "$T/boxedge.txt" 80 24
