#!/bin/sh
# make install / make uninstall into a temporary root (DESTDIR), and the man page: it renders
# without warnings and names every subcommand and option of `zhibu --help`.
. "$(dirname "$0")/../lib.sh"

R=$T/root
# a make started by `make test` must not join its parent's job server or flags
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ROOT" INSTALL_BIN="$ZHIBU" PREFIX=/usr DESTDIR="$R" "$@" >"$T/make.out" 2>&1; }

mode() { stat -c %a "$1" 2>/dev/null; }

mk install; RC=$?
expect_rc "install: make install succeeds" 0
expect_eq "install: the program, 0755" "$(mode "$R/usr/bin/zhibu")" 755
expect_eq "install: the man page, 0644" "$(mode "$R/usr/share/man/man1/zhibu.1")" 644
expect_eq "install: the configuration in /etc/zhibu, 0644" "$(mode "$R/etc/zhibu/zhibu.ini")" 644
if cmp -s "$R/etc/zhibu/zhibu.ini" "$ROOT/config/zhibu.ini"; then ok "install: the configuration is the shipped one"
else fail "install: the configuration is the shipped one" "differs"; fi
expect_contains "install: says where the configuration went" "$T/make.out" "已安装配置文件"
"$R/usr/bin/zhibu" --version >"$T/v.out" 2>&1
expect_contains "install: the installed program runs" "$T/v.out" "zhibu "

# the administrator changes the configuration; a second install keeps it
printf '\n[accounts]\nlockout_attempts = 3\n' >>"$R/etc/zhibu/zhibu.ini"
cp "$R/etc/zhibu/zhibu.ini" "$T/changed.ini"
mk install; RC=$?
expect_rc "install twice: succeeds" 0
if cmp -s "$R/etc/zhibu/zhibu.ini" "$T/changed.ini"; then ok "install twice: the changed configuration is kept"
else fail "install twice: the changed configuration is kept" "it was replaced"; fi
if cmp -s "$R/etc/zhibu/zhibu.ini.dist" "$ROOT/config/zhibu.ini"; then ok "install twice: the shipped one beside it as zhibu.ini.dist"
else fail "install twice: the shipped one beside it as zhibu.ini.dist" "missing or different"; fi
expect_contains "install twice: says so" "$T/make.out" "保留已修改的配置文件"

mk uninstall; RC=$?
expect_rc "uninstall: succeeds" 0
[ ! -e "$R/usr/bin/zhibu" ] && [ ! -e "$R/usr/share/man/man1/zhibu.1" ] && [ ! -e "$R/etc/zhibu/zhibu.ini.dist" ] &&
    ok "uninstall: the program, the man page and zhibu.ini.dist are gone" ||
    fail "uninstall: the program, the man page and zhibu.ini.dist are gone" "$(find "$R" -type f)"
if cmp -s "$R/etc/zhibu/zhibu.ini" "$T/changed.ini"; then ok "uninstall: the changed configuration stays"
else fail "uninstall: the changed configuration stays" "removed or changed"; fi
expect_contains "uninstall: says the configuration stays" "$T/make.out" "保留已修改的配置文件"

# an unchanged configuration goes with the program
rm -rf "$R"
mk install && mk uninstall; RC=$?
expect_rc "uninstall of an unchanged install: succeeds" 0
left=$(find "$R" -type f 2>/dev/null)
expect_eq "uninstall of an unchanged install: no file left" "$left" ""
[ -d "$R/etc/zhibu" ] && fail "uninstall of an unchanged install: /etc/zhibu removed" "still there" ||
    ok "uninstall of an unchanged install: /etc/zhibu removed"

# the man page: no warnings, every subcommand and option of zhibu --help
MAN=$ROOT/config/zhibu.1
if command -v groff >/dev/null 2>&1; then
    groff -k -man -Tutf8 -ww "$MAN" >"$T/man.txt" 2>"$T/man.err"
    if [ -s "$T/man.err" ]; then fail "man page: renders without warnings" "$(head -c 400 "$T/man.err")"
    else ok "man page: renders without warnings"; fi
    expect_contains "man page: English NAME line" "$T/man.txt" "zhibu - party branch work ledger"
else
    ok "man page: renders without warnings (skipped: no groff)"
fi
run_zhibu --help
sed 's/\\-/-/g; s/\\f[BIRP]//g' "$MAN" >"$T/man.src"
missing=""
# global options: "  --name" at the start of a line of the 选项 section
for o in $(sed -n '/^选项：/,/^子命令：/p' "$T/out" | grep -oE '^  --[a-z-]+'); do
    grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$T/man.src" || missing="$missing $o"
done
# subcommands: "  demo ...", "  list members ...", "  user add|passwd..." in the 子命令 section
sed -n '/^子命令：/,$p' "$T/out" | grep -E '^  [a-z]' | awk '{ print $1 " " $2 }' |
    while read -r cmd sub; do
        case "$sub" in --*|"") sub="" ;; esac
        grep -qF ".B $cmd${sub:+ $sub}" "$T/man.src" || echo "$cmd $sub"
    done >"$T/man.missing"
missing="$missing$(tr '\n' ';' <"$T/man.missing")"
expect_eq "man page: every subcommand and option of zhibu --help" "$missing" ""
n=$(sed -n '/^子命令：/,$p' "$T/out" | grep -cE '^  [a-z]')
[ "$n" -ge 10 ] && ok "man page: the check saw the subcommands ($n)" || fail "man page: the check saw the subcommands" "only $n"
