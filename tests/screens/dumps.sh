#!/bin/sh
# Whole-screen dumps: every screen of screens_all (src/screens/common.c) on the demo township,
# dumped headless and compared WHOLE with the saved text in tests/screens/dumps/NAME.txt (the
# diff is shown on failure). A change meant to alter a screen is made visible by regenerating
# the saved dumps (`make update-dumps`, i.e. this script with UPDATE=1) and reviewing the diff.
#
# The fixture is deterministic: the demo database made once at a fixed clock (ZHIBU_TODAY,
# ZHIBU_NOW, TZ=UTC), each screen run on a fresh copy of it (no screen sees another's writes),
# the temporary directory written as $T, the office's key fingerprint (random per demo
# database) as XXXX-XXXX-XXXX-XXXX and the ledger's size on 系统管理 (it varies by a few pages
# from one demo database to the next) as NN.N MB.
. "$(dirname "$0")/../lib.sh"

DUMPS=$ROOT/tests/screens/dumps
export ZHIBU_NOW=2026-11-21T09:30:00Z
[ -n "${UPDATE:-}" ] && mkdir -p "$DUMPS"

mkdir -p "$T/base"
"$ZHIBU" demo --db "$T/base/demo.db" >"$T/demo.out" 2>&1 || fail "demo" "zhibu demo: $(cat "$T/demo.out")"
printf 'demo1234\n' >"$T/demo.pw"
# a small roster file for the import screen's dry run (one good row, one with a problem)
printf '姓名,性别,出生日期,入党日期,转正日期,党籍状态\n阿依古丽·买买提艾力·热合曼,女,1990-03-04,2015-07-01,2016-07-01,正式党员\n王小明,男,1985-13-01,2019-06-30,,预备党员\n' >"$T/名册.csv"

# shot NAME SIZE USER BRANCH <<'KEYS' — runs the keys on a fresh copy of the demo (or of $BASE) as USER
# (shuji, shencha, admin; "-" for none: the login screen) with --branch BRANCH ("-" for the
# default), then compares the dump the keys end with (a `:dump NAME.txt` is added at the end)
# with tests/screens/dumps/NAME.txt.
shot() {
    name=$1 size=$2 user=$3 branch=$4
    rm -f "$T/demo.db" "$T/demo.db-wal" "$T/demo.db-shm" "$T/$name.txt"
    cp "${BASE:-$T/base/demo.db}" "$T/demo.db"
    { cat; printf ':dump %s.txt\n' "$name"; } >"$T/$name.keys"
    set --
    [ "$user" != - ] && set -- "$@" --user "$user" --password-file "$T/demo.pw"
    [ "$branch" != - ] && set -- "$@" --branch "$branch"
    (cd "$T" && "$ZHIBU" --db "$T/demo.db" "$@" --script "$T/$name.keys" --size "$size" >"$T/out" 2>"$T/err" </dev/null)
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/err"; then
        fail "sanitizer" "$(grep -m3 -E 'ERROR|runtime error' "$T/err" | tr '\n' ' ') (dump $name)"
    fi
    if [ ! -f "$T/$name.txt" ]; then
        fail "$name: whole screen" "no dump written; stderr: $(head -c 300 "$T/err")"
        return 0
    fi
    sed -e "s|$T|\$T|g" -e 's/[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}/XXXX-XXXX-XXXX-XXXX/g' \
        -e 's/^\(  大小  *\)[0-9.]* [KMG]*B，/\1NN.N MB，/' "$T/$name.txt" >"$T/$name.got"
    if [ -n "${UPDATE:-}" ]; then
        cp "$T/$name.got" "$DUMPS/$name.txt"
        ok "$name: dump saved"
    elif [ ! -f "$DUMPS/$name.txt" ]; then
        fail "$name: whole screen" "no saved dump tests/screens/dumps/$name.txt (make update-dumps)"
    elif diff -u "$DUMPS/$name.txt" "$T/$name.got" >"$T/$name.diff" 2>&1; then
        ok "$name: whole screen"
    else
        fail "$name: whole screen" "differs from tests/screens/dumps/$name.txt (make update-dumps if meant):
$(cat "$T/$name.diff")"
    fi
}

# ---- every screen at 80x24 (the secretary of the first branch unless said) ----
shot login 80x24 - - <<'KEYS'
KEYS
shot home 80x24 shuji - <<'KEYS'
KEYS
shot roster 80x24 shuji - <<'KEYS'
2
KEYS
shot member_form 80x24 shuji - <<'KEYS'
2
<Enter>
KEYS
shot groups 80x24 shuji - <<'KEYS'
7
KEYS
shot committee 80x24 shuji - <<'KEYS'
8
KEYS
shot branch 80x24 shuji - <<'KEYS'
6
KEYS
shot meetings 80x24 shuji - <<'KEYS'
1
KEYS
# the one demo meeting below quorum (2025-06-04 支委会, 1/5) among the search's hits
shot meetings_marks 80x24 shuji - <<'KEYS'
1
<F3>四议两公开<Enter>
KEYS
shot meeting_form 80x24 shuji - <<'KEYS'
1
<F3>四议两公开<Enter>
<Down><Enter>
KEYS
shot attendance 80x24 shuji - <<'KEYS'
1
<F3>四议两公开<Enter>
<Down><Enter>
<F5>
KEYS
shot resolutions 80x24 shuji - <<'KEYS'
1
<F3>四议两公开<Enter>
<Enter>
<F6>
KEYS
shot plans 80x24 shuji - <<'KEYS'
1
p
KEYS
shot meeting_summary 80x24 shuji - <<'KEYS'
1
s
KEYS
# 民主评议结果 of the newest appraisal record (issue 19)
shot appraisal 80x24 shuji - <<'KEYS'
1
<F3>开展年度民主评议党员<Enter>
e
KEYS
shot stats 80x24 shuji - <<'KEYS'
2
t
KEYS
shot stats_reviewer 80x24 shencha - <<'KEYS'
2
t
KEYS
shot dues 80x24 shuji - <<'KEYS'
3
KEYS
shot payment_form 80x24 shuji - <<'KEYS'
3
<Enter>
KEYS
shot arrears 80x24 shuji - <<'KEYS'
3
a
KEYS
shot payments 80x24 shuji - <<'KEYS'
3
l
KEYS
shot remit 80x24 shuji - <<'KEYS'
3
u
KEYS
shot remit_form 80x24 shuji - <<'KEYS'
3
u
<F2>
KEYS
# the first village has the mobile members (the reviewer reads it)
shot mobile 80x24 shencha 1101010002 <<'KEYS'
2
/蒋福学<Enter>
m
KEYS
shot contacts 80x24 shencha 1101010002 <<'KEYS'
2
/蒋福学<Enter>
m
<F5>
KEYS
shot posts 80x24 shuji - <<'KEYS'
4
KEYS
shot post_form 80x24 shuji - <<'KEYS'
4
<F2>
KEYS
shot holdings 80x24 shuji - <<'KEYS'
4
<Enter>
KEYS
shot uncovered 80x24 shuji - <<'KEYS'
4
n
KEYS
shot post_summary 80x24 shuji - <<'KEYS'
4
y
KEYS
shot review 80x24 shencha - <<'KEYS'
5
<Enter>
KEYS
shot branch_review 80x24 shuji - <<'KEYS'
5
<Down><Enter>
KEYS
shot rectify 80x24 shuji - <<'KEYS'
5
<Down><Down><Down><Enter>
KEYS
shot exchange 80x24 shuji - <<'KEYS'
6
<F9>
KEYS
# the 通报 is a district's: on the demo township, t is refused on home's status line (the
# screen itself: tests/screens/circular.sh)
shot circular 80x24 shencha - <<'KEYS'
t
KEYS
shot system 80x24 admin - <<'KEYS'
9
KEYS
shot roster_import 80x24 shuji - <<'KEYS'
2
<F7>
名册.csv<Enter>
KEYS
shot accounts 80x24 admin - <<'KEYS'
9
u
KEYS
shot account_form 80x24 admin - <<'KEYS'
9
u
<F2>
KEYS
shot pipeline 80x24 shuji - <<'KEYS'
0
KEYS
shot candidate 80x24 shuji - <<'KEYS'
0
<Down><Down><Down><Enter>
KEYS
shot candidate_form 80x24 shuji - <<'KEYS'
0
<F2>
KEYS

# ---- a few at 120x40, and long minority names ----
shot home_120x40 120x40 shuji - <<'KEYS'
KEYS
shot meetings_120x40 120x40 shuji - <<'KEYS'
1
KEYS
shot dues_120x40 120x40 shuji - <<'KEYS'
3
KEYS
shot roster_long_names 80x24 shencha 1101010002 <<'KEYS'
2
/阿依古丽<Enter>
KEYS
shot roster_long_names_120x40 120x40 shencha 1101010002 <<'KEYS'
2
/阿依古丽<Enter>
KEYS
shot member_form_long_name 80x24 shencha 1101010002 <<'KEYS'
2
/阿依古丽<Enter>
<Enter>
KEYS

# ---- a district's database (issue 18): the demo township's October sent to a district ----
"$ZHIBU" init --test --db "$T/base/district.db" --password-file "$T/demo.pw" --office district \
    --office-name 城关区委组织部 >"$T/district.out" 2>&1 || fail "district" "zhibu init: $(cat "$T/district.out")"
TFPR=$("$ZHIBU" office show --db "$T/base/demo.db" | sed -n 's/^指纹：//p')
for step in "office station add --db $T/base/district.db --name 第一指导站" \
    "office township add --db $T/base/district.db --code 110101 --name 双河镇党委 --fingerprint $TFPR --station 第一指导站" \
    "user add --db $T/base/district.db --login fushen --name 复审员 --role reviewer --password-file $T/demo.pw"; do
    # shellcheck disable=SC2086
    "$ZHIBU" $step --as admin --as-password-file "$T/demo.pw" >"$T/district.out" 2>&1 || fail "district" "zhibu $step: $(cat "$T/district.out")"
done
"$ZHIBU" bundle export --db "$T/base/demo.db" --month 2026-10 --for-district --out "$T/month.zbx" >"$T/district.out" 2>&1 &&
    "$ZHIBU" bundle import --db "$T/base/district.db" "$T/month.zbx" >"$T/district.out" 2>&1 ||
    fail "district" "the month bundle: $(cat "$T/district.out")"
BASE=$T/base/district.db
shot district_home 80x24 fushen - <<'KEYS'
KEYS
shot district_review 80x24 fushen - <<'KEYS'
1
KEYS
shot district_review_120x40 120x40 fushen - <<'KEYS'
1
KEYS
shot spot_check_form 80x24 fushen - <<'KEYS'
1
<Enter>
c
<F2>
KEYS
shot spot_checks 80x24 fushen - <<'KEYS'
1
<Enter>
c
<F2>
张三、李四<Tab>会议记录与系统一致<F2>
KEYS
unset BASE

# ---- every screen of screens_all has its dump ----
missing=
for s in $(sed -n '/screens_all\[\] = {/,/NULL/p' "$ROOT/src/screens/common.c" | grep -o '&[a-z_]*_screen' | sed 's/^&//; s/_screen$//'); do
    [ -f "$DUMPS/$s.txt" ] || missing="$missing $s"
done
expect_eq "every screen of screens_all has a saved dump" "$missing" ""
n=$(sed -n '/screens_all\[\] = {/,/NULL/p' "$ROOT/src/screens/common.c" | grep -o '&[a-z_]*_screen' | wc -l)
[ "$n" -ge 30 ] && ok "screens_all read ($n screens)" || fail "screens_all read" "only $n screens found in src/screens/common.c"
