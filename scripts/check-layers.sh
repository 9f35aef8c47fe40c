#!/bin/sh
# make check-layers: the house rules the compiler cannot see (README, Hacking, Conventions).
#   - SQL and sqlite3 only in src/store/ (sqlite3.h, sqlite3 identifiers, SQL in string literals);
#   - curses only in src/ui/ (curses.h, ncurses functions and types);
#   - iniparser only in src/config.c;
#   - the private headers of src/store/ (src/store/*.h) included only from src/store/;
#   - no .c or .h file in src/ or include/ over 800 lines (generated data excepted: GENERATED);
#   - no two .c files in src/ with the same basename (a grep lands in one place).
# Comments are not code: a comment naming sqlite3 or curses is fine. Each problem is one line
# "FILE:LINE: what" on standard error; the exit status is 1 when there is any, else 0.
# Known exceptions waiting to be fixed are listed in scripts/layers-allow.txt (see there).
# Usage: sh scripts/check-layers.sh [TREE]   (TREE: the checkout to check, default this one)
# POSIX sh and awk only (Debian's mawk): no gawk extensions.
set -eu
ROOT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$ROOT" || exit 2
MAX_LINES=800
# Generated data allowed over MAX_LINES (paths from the tree's top, space-separated): none today.
GENERATED=""
ALLOW=scripts/layers-allow.txt
[ -f "$ALLOW" ] || ALLOW=/dev/null

files=$(find src include -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
[ -n "$files" ] || { echo "check-layers: no source files under $ROOT/src" >&2; exit 2; }
# the private headers of the store: every header in src/store/
store_headers=$(find src/store -type f -name '*.h' 2>/dev/null | sed 's|.*/||' | LC_ALL=C sort | tr '\n' ' ')

rc=0
# shellcheck disable=SC2086
out=$(awk -v max_lines="$MAX_LINES" -v generated=" $GENERATED " -v store_headers=" $store_headers " \
    -v allow_file="$ALLOW" '
function problem(where, what) {
    print where ": " what
    nproblems++
}
# strip(line): sets code (the line without comments, each string literal left as "" and each
# character literal as " ") and strs (the string literals, each preceded by \001). Keeps the
# block-comment state across lines in in_comment.
function strip(line,    rest, out, tok, s, p) {
    code = ""; strs = ""
    if (!in_comment && line !~ /[\/"\047]/) { code = line; return }
    out = ""; rest = line
    while (rest != "") {
        if (in_comment) {
            if (!(p = index(rest, "*/"))) break
            rest = substr(rest, p + 2); in_comment = 0; out = out " "
            continue
        }
        if (!match(rest, /\/\*|\/\/|"|\047/)) { out = out rest; break }
        out = out substr(rest, 1, RSTART - 1)
        tok = substr(rest, RSTART, RLENGTH)
        rest = substr(rest, RSTART + RLENGTH)
        if (tok == "//") break
        if (tok == "/*") { in_comment = 1; continue }
        if (tok == "\"") {
            if (match(rest, /^([^"\\]|\\.)*"/)) { s = substr(rest, 1, RLENGTH - 1); rest = substr(rest, RLENGTH + 1) }
            else { s = rest; rest = "" }
            strs = strs "\001" s; out = out "\"\""
        } else {
            if (match(rest, /^([^\047\\]|\\.)*\047/)) rest = substr(rest, RLENGTH + 1); else rest = ""
            out = out "\047 \047"
        }
    }
    code = out
}
# is_sql(s): s, the text of one string literal, holds SQL
function is_sql(s,    l) {
    if (s ~ /(^|[^A-Za-z0-9_])(SELECT|INSERT|UPDATE|DELETE|PRAGMA|SAVEPOINT|ROLLBACK)([^A-Za-z0-9_]|$)/) return 1
    if (s ~ /(^|[^A-Za-z0-9_])(CREATE|DROP|ALTER) (TABLE|INDEX|UNIQUE|TRIGGER|VIEW|TEMP)/) return 1
    if (s ~ /(^|[^A-Za-z0-9_])BEGIN (IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION)/) return 1
    if (s ~ /^[ ]*COMMIT[ ;]*$/) return 1
    l = tolower(s)
    if (l ~ /(^|[^a-z0-9_])(insert (or [a-z]+ )?into|delete from|alter table|pragma [a-z_]+|update [a-z_]+ set|select .* from)([^a-z0-9_]|$)/) return 1
    if (l ~ /(^|[^a-z0-9_])(create|drop) (temp |unique )?(table|index|trigger|view)([^a-z0-9_]|$)/) return 1
    return 0
}
# has_curses(c): the code c names a curses function, macro or type
function has_curses(c,    n, w, i) {
    if (c !~ /[a-zA-Z]/) return 0
    gsub(/[^A-Za-z0-9_]+/, " ", c)
    n = split(c, w, " ")
    for (i = 1; i <= n; i++)
        if ((w[i] in curses_id) || w[i] ~ /^(KEY|ACS|COLOR|WA)_[A-Z0-9_]+$/) return 1
    return 0
}
function basename(p) { sub(/.*\//, "", p); return p }
function end_file() {
    if (file == "") return
    if (lines > max_lines && index(generated, " " file " ") == 0) {
        if (("long " file) in allow) allow_used["long " file] = 1
        else problem(file ":" (max_lines + 1), lines " lines, over " max_lines ": split it where it divides (README, Conventions)")
    }
}
BEGIN {
    # curses functions, macros and types (the generic names like move, clear, refresh, echo are
    # left out: zhibu uses them as words of its own)
    n = split("initscr endwin newterm set_term delscreen newwin delwin subwin derwin newpad " \
        "prefresh wrefresh wnoutrefresh doupdate mvwaddstr mvwaddnstr mvaddstr mvaddnstr " \
        "waddstr waddnstr addstr addnstr mvwaddwstr mvwaddnwstr waddnwstr addwstr mvwprintw " \
        "wprintw mvprintw printw getch wgetch mvwgetch wget_wch get_wch ungetch init_pair " \
        "init_color start_color has_colors use_default_colors assume_default_colors COLOR_PAIR " \
        "PAIR_NUMBER attron attroff wattron wattroff wattrset attrset wattr_on wattr_off wbkgd " \
        "bkgd wbkgdset keypad nodelay halfdelay cbreak nocbreak noecho curs_set wmove werase " \
        "wclear wclrtoeol wclrtobot clrtoeol clrtobot wborder stdscr curscr mvwaddch waddch " \
        "mvwadd_wch wadd_wch mvwadd_wchnstr setcchar getcchar mvwvline mvwhline wvline whline " \
        "mvwin wresize resizeterm resize_term is_term_resized getmaxyx getyx getbegyx " \
        "napms intrflush idlok leaveok scrollok nonl A_BOLD A_REVERSE A_UNDERLINE " \
        "A_DIM A_NORMAL A_STANDOUT A_BLINK A_ATTRIBUTES WINDOW chtype attr_t cchar_t", ids, " ")
    for (i = 1; i <= n; i++) curses_id[ids[i]] = 1
    while ((getline l < allow_file) > 0) {
        allow_line++
        sub(/#.*/, "", l)
        if (l ~ /^[ \t]*$/) continue
        n = split(l, f, /[ \t]+/)
        if (f[1] == "") { for (i = 1; i < n; i++) f[i] = f[i + 1]; n-- }
        if (n != 2 || (f[1] != "long" && f[1] != "dup")) {
            problem(allow_file ":" allow_line, "not \"long FILE\" or \"dup BASENAME\": " l)
            continue
        }
        allow[f[1] " " f[2]] = 1
        allow_at[f[1] " " f[2]] = allow_line
    }
}
FNR == 1 {
    end_file()
    file = FILENAME; lines = 0; in_comment = 0
    in_store = file ~ /^src\/store\//
    in_ui = file ~ /^src\/ui\//
    in_config = file == "src/config.c"
    if (file ~ /^src\/.*\.c$/) { b = basename(file); dup_n[b]++; dup_list[b] = dup_list[b] (dup_n[b] > 1 ? ", " : "") file }
}
{
    lines = FNR
    was_comment = in_comment
    strip($0)
    where = file ":" FNR
    hdr = ""
    if (!was_comment && $0 ~ /^[ \t]*#[ \t]*include[ \t]*[<"]/) {
        hdr = $0
        sub(/^[ \t]*#[ \t]*include[ \t]*[<"]/, "", hdr)
        sub(/[>"].*/, "", hdr)
    }
    if (!in_store) {
        if (code ~ /(^|[^A-Za-z0-9_])sqlite3/ || hdr ~ /sqlite3/)
            problem(where, "sqlite3 outside src/store/ (only the store talks to the database): " trim($0))
        else if (strs != "") {
            ns = split(substr(strs, 2), lits, "\001")
            for (k = 1; k <= ns; k++)
                if (is_sql(lits[k])) { problem(where, "SQL outside src/store/ (add a store function): \"" lits[k] "\""); break }
        }
        if (hdr != "") {
            hb = basename(hdr)
            if (index(store_headers, " " hb " ") > 0 || hdr ~ /(^|\/)store\//)
                problem(where, "includes src/store/" hb ", private to the store: use a public header in include/zhibu/")
        }
    }
    if (!in_ui) {
        if (hdr ~ /(^|\/)n?curses(w)?(\.h|\/)|^(term|panel)\.h$/)
            problem(where, "curses outside src/ui/ (draw through include/zhibu/ui.h and widgets.h): " trim($0))
        else if (has_curses(code))
            problem(where, "curses outside src/ui/ (draw through include/zhibu/ui.h and widgets.h): " trim($0))
    }
    if (!in_config && (code ~ /(^|[^A-Za-z0-9_])iniparser/ || hdr ~ /iniparser|(^|\/)dictionary\.h$/))
        problem(where, "iniparser outside src/config.c (read settings through include/zhibu/config.h): " trim($0))
}
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
END {
    end_file()
    for (b in dup_n) {
        if (dup_n[b] < 2) continue
        if (("dup " b) in allow) { allow_used["dup " b] = 1; continue }
        split(dup_list[b], first, ", ")
        problem(first[1] ":1", "basename " b " is shared by " dup_list[b] ": give each a name of its own" \
            " (the non-core copy carries its layer suffix: audit_db.c, audit_cmd.c, dues_screen.c)")
    }
    for (a in allow)
        if (!(a in allow_used))
            problem(allow_file ":" allow_at[a], "\"" a "\" is no longer an exception: remove the line")
    exit (nproblems > 0)
}' $files) || rc=$?
if [ -n "$out" ]; then
    printf '%s\n' "$out" | LC_ALL=C sort -t: -k1,1 -k2,2n >&2
    echo "check-layers: $(printf '%s\n' "$out" | wc -l) problem(s); the rules are in README.md, Hacking, Conventions" >&2
    exit 1
fi
[ "$rc" -eq 0 ] || { echo "check-layers: awk failed (status $rc)" >&2; exit 2; }
echo "check-layers: ok"
