#!/bin/sh
# The Makefile keeps the house, checked by dry runs (make -n) on a copy of the tree, with
# sudo, apt-get and pkg-config replaced by stand-ins that log each call:
#   - a plain make never installs (no install-deps.sh but its --check, never sudo or apt-get);
#     make deps, make run and make test do; a missing package stops it with "run make deps";
#   - pkg-config runs once, into $(BUILD)/config.mk, not on every compile;
#   - DEPS_STAMP follows BUILD; SAN=1 keeps the caller's CFLAGS.
. "$(dirname "$0")/../lib.sh"

W=$T/tree
mkdir -p "$W/tests"
cp -R "$ROOT/Makefile" "$ROOT/scripts" "$ROOT/src" "$ROOT/include" "$W/"
cp -R "$ROOT/tests/unit" "$ROOT/tests/tools" "$W/tests/"

real_pkg_config=$(command -v pkg-config)
mkdir -p "$T/bin"
for tool in sudo apt-get; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/installs.log"\nexit 1\n' "$tool" "$T" >"$T/bin/$tool"
done
printf '#!/bin/sh\necho "pkg-config $*" >>"%s/pkg-config.log"\nexec "%s" "$@"\n' "$T" "$real_pkg_config" \
    >"$T/bin/pkg-config"
chmod +x "$T/bin/"*
: >"$T/installs.log"

# mk ARGS...: make in the copy (not joining a parent make's job server or flags, without the
# caller's CFLAGS or a BUILD, SAN, WERROR or V passed down); output in $T/out (both streams),
# status in $RC
mk() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u BUILD -u SAN -u WERROR -u V \
        PATH="$T/bin:$PATH" make -C "$W" --no-print-directory "$@" >"$T/out" 2>&1
    RC=$?
}
pkg_calls() { if [ -f "$T/pkg-config.log" ]; then wc -l <"$T/pkg-config.log" | tr -d ' '; else echo 0; fi; }

# a plain make on a fresh tree: config.mk is made (pkg-config, once for the flags, once for the
# libraries), nothing is installed
mk -n V=1
expect_rc "make -n: succeeds" 0
expect_not_contains "make -n: no sudo" "$T/out" "sudo"
expect_not_contains "make -n: no apt-get" "$T/out" "apt-get"
if grep -v -e '--check' "$T/out" | grep -q 'install-deps'; then
    fail "make -n: does not install" "$(grep -m1 install-deps "$T/out")"
else ok "make -n: does not install"; fi
expect_eq "make -n: nothing installed" "$(cat "$T/installs.log")" ""
expect_eq "make -n: pkg-config runs twice (flags, libraries), not per compile" "$(pkg_calls)" 2
expect_contains "make -n: config.mk made" "$W/build/config.mk" "PKG_LIBS := "
expect_contains "make -n: the link has pkg-config's libraries" "$T/out" "-lsqlite3"
expect_contains "make -n: a compile has pkg-config's flags" "$T/out" "$(pkg-config --cflags ncursesw | awk '{print $1}')"

# config.mk is there: pkg-config does not run at all
: >"$T/pkg-config.log"
mk -n V=1 unit
expect_rc "make -n unit: succeeds" 0
expect_eq "make -n unit with config.mk: pkg-config does not run" "$(pkg_calls)" 0
expect_not_contains "make -n unit: does not install" "$T/out" "install-deps.sh"
mk -n V=1 build/src/util.o
expect_not_contains "make -n build/src/util.o: does not install" "$T/out" "install-deps.sh"
expect_eq "make -n build/...: nothing installed" "$(cat "$T/installs.log")" ""

# a Makefile change makes config.mk again
touch "$W/Makefile"
mk -n V=1 unit
expect_eq "Makefile changed: config.mk made again, pkg-config twice" "$(pkg_calls)" 2

# deps, run and test install
mk -n deps
expect_contains "make -n deps: installs" "$T/out" "sh scripts/install-deps.sh"
mk -n BUILD=b3 deps
expect_contains "make -n deps: the stamp follows BUILD" "$T/out" "b3/.deps-installed"
expect_not_contains "make -n deps: no stamp in build/ for BUILD=b3" "$T/out" "build/.deps-installed"
mk -n run
expect_contains "make -n run: installs first" "$T/out" "sh scripts/install-deps.sh"
mk -n test
expect_contains "make -n test: installs what tests need" "$T/out" "sh scripts/install-deps.sh --test"
expect_contains "make -n test: checks the layers" "$T/out" "sh scripts/check-layers.sh"
expect_eq "dry runs of deps, run, test: nothing installed" "$(cat "$T/installs.log")" ""

# SAN=1 keeps the caller's CFLAGS, from the command line or the environment
mk -n V=1 SAN=1 BUILD=b2 CFLAGS=-DZHIBU_FOO b2/src/util.o
expect_contains "SAN=1 CFLAGS=...: the caller's flags" "$T/out" "-DZHIBU_FOO"
expect_contains "SAN=1 CFLAGS=...: sanitizers" "$T/out" "-fsanitize=address,undefined"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD -u SAN -u WERROR \
    PATH="$T/bin:$PATH" CFLAGS=-DZHIBU_BAR make -C "$W" --no-print-directory -n V=1 SAN=1 \
    BUILD=b2 b2/src/util.o >"$T/out" 2>&1
expect_contains "SAN=1, CFLAGS in the environment: the caller's flags" "$T/out" "-DZHIBU_BAR"
expect_not_contains "SAN=1, CFLAGS in the environment: not replaced by -O1" "$T/out" "-O1 -g"
mk -n V=1 SAN=1 BUILD=b2 b2/src/util.o
expect_contains "SAN=1 alone: -O1 -g" "$T/out" "-O1 -g"
mk -n V=1 BUILD=b2 b2/src/util.o
expect_contains "no SAN: -O2 -g" "$T/out" "-O2 -g"
expect_not_contains "no SAN: no sanitizers" "$T/out" "-fsanitize"

# a package missing (dpkg-query knows none): a plain make stops, says to run make deps, and
# installs nothing
printf '#!/bin/sh\nexit 1\n' >"$T/bin/dpkg-query"
chmod +x "$T/bin/dpkg-query"
rm -f "$W/build/config.mk"
mk
expect_eq "package missing: make fails" "$([ "$RC" -ne 0 ] && echo failed)" "failed"
expect_contains "package missing: says to run make deps" "$T/out" "请先运行 make deps"
expect_contains "package missing: names the package" "$T/out" "libsqlite3-dev"
expect_eq "package missing: nothing installed" "$(cat "$T/installs.log")" ""
rm "$T/bin/dpkg-query"

# pkg-config cannot find a library: the same
printf '#!/bin/sh\nexit 1\n' >"$T/bin/pkg-config"
mk unit
expect_eq "pkg-config fails: make fails" "$([ "$RC" -ne 0 ] && echo failed)" "failed"
expect_contains "pkg-config fails: says to run make deps" "$T/out" "请先运行 make deps"
[ -f "$W/build/config.mk" ] && fail "pkg-config fails: no config.mk left" "$(cat "$W/build/config.mk")" \
    || ok "pkg-config fails: no config.mk left"
expect_eq "pkg-config fails: nothing installed" "$(cat "$T/installs.log")" ""
