#!/bin/sh
# make check-layers (scripts/check-layers.sh) on a copy of the tree: it passes on the tree as it
# is, and each kind of violation injected one at a time makes it fail naming FILE:LINE. Comments
# and user text that merely mention sqlite3, curses or "update" do not.
. "$(dirname "$0")/../lib.sh"

W=$T/tree
mkdir -p "$W/scripts"
cp -R "$ROOT/src" "$ROOT/include" "$W/"
cp "$ROOT/scripts/check-layers.sh" "$ROOT/scripts/layers-allow.txt" "$W/scripts/"

check() { sh "$W/scripts/check-layers.sh" "$W" >"$T/out" 2>"$T/err"; RC=$?; }

check
expect_rc "clean tree: passes" 0

# inject NAME FILE TEXT: appends the line TEXT to FILE (from the tree's top; made if missing),
# expects the check to fail naming FILE and the line, then puts FILE back
inject() {
    name=$1 f=$2 text=$3
    if [ -f "$W/$f" ]; then cp "$W/$f" "$T/saved"; else rm -f "$T/saved"; fi
    printf '%s\n' "$text" >>"$W/$f"
    line=$(wc -l <"$W/$f" | tr -d ' ')
    check
    expect_rc "$name: fails" 1
    expect_contains "$name: names the file and line" "$T/err" "$f:$line: "
    if [ -f "$T/saved" ]; then cp "$T/saved" "$W/$f"; else rm -f "$W/$f"; fi
}

inject "sqlite3 call in a screen" src/screens/home.c 'static void f(void) { sqlite3_exec(db, "", 0, 0, 0); }'
expect_contains "sqlite3 call in a screen: says what" "$T/err" "sqlite3 outside src/store/"
inject "sqlite3.h in the CLI" src/cli/list_cmd.c '#include <sqlite3.h>'
inject "SQL literal in the CLI" src/cli/list_cmd.c 'static const char *q = "SELECT * FROM t";'
expect_contains "SQL literal in the CLI: says what" "$T/err" "SQL outside src/store/"
inject "lower-case SQL in an export" src/export/csv.c 'static const char *q = "delete from member where id = ?";'
inject "SQL in a public header" include/zhibu/util.h '#define Q "UPDATE member SET name = ?"'
inject "curses.h in core" src/core/date.c '#include <curses.h>'
expect_contains "curses.h in core: says what" "$T/err" "curses outside src/ui/"
inject "curses call in a screen" src/screens/home.c 'static void g(void) { mvwaddstr(w, 0, 0, "x"); wrefresh(w); }'
inject "iniparser outside config.c" src/cli/args.c 'static void h(void) { iniparser_load("x"); }'
expect_contains "iniparser outside config.c: says what" "$T/err" "iniparser outside src/config.c"
inject "store_priv.h in a screen" src/screens/home.c '#include "../store/store_priv.h"'
expect_contains "store_priv.h in a screen: says what" "$T/err" "private to the store"
inject "store_json.h in the CLI" src/cli/list_cmd.c '#include "store_json.h"'

# mentions that are not code: comments, a journal action's name, Chinese text
for f in src/screens/home.c src/core/date.c; do cp "$W/$f" "$W/$f.orig"; done
cat >>"$W/src/screens/home.c" <<'EOF'
/* the store calls sqlite3_exec; curses draws with wrefresh()
 * and #include <curses.h> lives in src/ui */
// SELECT * FROM member is the store's business
static const char *action_name = "update"; /* insert, delete */
static const char *label = "选择 修改 删除 update 记录";
EOF
printf '%s\n' 'static const char c = '"'"'"'"'"'; /* sqlite3_exec */' >>"$W/src/core/date.c"
check
expect_rc "comments and user text that mention them: pass" 0
for f in src/screens/home.c src/core/date.c; do mv "$W/$f.orig" "$W/$f"; done

# a file of 800 lines is fine, 801 is not
awk 'BEGIN { for (i = 1; i <= 800; i++) print "/* line " i " */" }' >"$W/src/core/long_rule.c"
check
expect_rc "a file of 800 lines: passes" 0
echo "/* one more */" >>"$W/src/core/long_rule.c"
check
expect_rc "a file of 801 lines: fails" 1
expect_contains "a file of 801 lines: named" "$T/err" "src/core/long_rule.c:801: 801 lines, over 800"
mv "$W/src/core/long_rule.c" "$W/include/zhibu/long_rule.h"
check
expect_contains "a header of 801 lines: named" "$T/err" "include/zhibu/long_rule.h:801: 801 lines, over 800"
rm "$W/include/zhibu/long_rule.h"

# a second date.c
printf 'int screen_date_dummy;\n' >"$W/src/screens/date.c"
check
expect_rc "a shared basename: fails" 1
expect_contains "a shared basename: names both" "$T/err" "basename date.c is shared by src/core/date.c, src/screens/date.c"
rm "$W/src/screens/date.c"

# the exceptions list: a line whose file is fixed must go
printf 'dup nosuch.c\n' >>"$W/scripts/layers-allow.txt"
check
expect_rc "a stale exception: fails" 1
expect_contains "a stale exception: names the line" "$T/err" "scripts/layers-allow.txt:"
expect_contains "a stale exception: says to remove it" "$T/err" '"dup nosuch.c" is no longer an exception'
cp "$ROOT/scripts/layers-allow.txt" "$W/scripts/"

# today's known exceptions are reported when the list does not excuse them
: >"$W/scripts/layers-allow.txt"
check
if [ -n "$(grep -v '^check-layers:' "$ROOT/scripts/layers-allow.txt" | grep -v '^#' | grep -v '^$' | head -1)" ]; then
    expect_rc "without the exceptions list: the known debts fail" 1
else
    expect_rc "without the exceptions list: passes (no debts left)" 0
fi
cp "$ROOT/scripts/layers-allow.txt" "$W/scripts/"

check
expect_rc "clean tree again: passes" 0
