#!/bin/sh
# The Debian package (scripts/make-deb.sh, what `make deb` runs): built from the binary under
# test, listed with dpkg-deb -c, its Depends covering every library the binary links, extracted
# with dpkg-deb -x into a temporary root, and the extracted program run through demo, audit and
# a headless screen with the extracted configuration.
. "$(dirname "$0")/../lib.sh"

if ! command -v dpkg-deb >/dev/null 2>&1 || ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
    fail "deb: dpkg-deb and dpkg-shlibdeps" "missing (sh scripts/install-deps.sh --test installs dpkg-dev)"
    exit 0
fi

version=$("$ZHIBU" --version | awk '{ print $2 }')
arch=$(dpkg --print-architecture)
sh "$ROOT/scripts/make-deb.sh" "$ZHIBU" "$T/pkg" >"$T/make-deb.out" 2>"$T/make-deb.err"
RC=$?
expect_rc "deb: built" 0
DEB=$T/pkg/zhibu_${version}_$arch.deb
[ -f "$DEB" ] && ok "deb: named zhibu_VERSION_ARCH.deb ($(basename "$DEB"))" ||
    { fail "deb: named zhibu_VERSION_ARCH.deb" "$(ls "$T/pkg") $(cat "$T/make-deb.err")"; exit 0; }
expect_eq "deb: the script prints the package's path" "$(cat "$T/make-deb.out")" "$DEB"

# the listing: files, owners and modes
dpkg-deb -c "$DEB" >"$T/list" 2>&1
for f in "-rwxr-xr-x root/root .* ./usr/bin/zhibu" "-rw-r--r-- root/root .* ./etc/zhibu/zhibu.ini" \
         "-rw-r--r-- root/root .* ./usr/share/man/man1/zhibu.1.gz" \
         "-rw-r--r-- root/root .* ./usr/share/doc/zhibu/copyright" \
         "-rw-r--r-- root/root .* ./usr/share/doc/zhibu/README.md.gz"; do
    if grep -qE -- "^$f\$" "$T/list"; then ok "deb: lists ${f##* }"; else fail "deb: lists ${f##* }" "$(cat "$T/list")"; fi
done
if grep -v ' root/root ' "$T/list" | grep -q .; then fail "deb: every file owned by root" "$(grep -v ' root/root ' "$T/list")"
else ok "deb: every file owned by root"; fi
expect_eq "deb: the configuration is a conffile" "$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./conffiles)" "/etc/zhibu/zhibu.ini"
expect_eq "deb: Package" "$(dpkg-deb -f "$DEB" Package)" "zhibu"
expect_eq "deb: Version from version.h" "$(dpkg-deb -f "$DEB" Version)" "$version"
expect_eq "deb: Architecture" "$(dpkg-deb -f "$DEB" Architecture)" "$arch"

# Depends: the package of every library the binary links is named (derived here the other way
# round from make-deb.sh: NEEDED -> the file ldd finds -> dpkg -S)
dpkg-deb -f "$DEB" Depends >"$T/depends"
deps=",$(sed 's/([^)]*)//g; s/ //g' "$T/depends"),"
missing=""
for lib in $(objdump -p "$ZHIBU" | awk '$1 == "NEEDED" { print $2 }'); do
    path=$(ldd "$ZHIBU" | awk -v l="$lib" '$1 == l { print $3 }')
    pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null ||
        dpkg -S "${path#/usr}" 2>/dev/null)
    pkg=${pkg%%:*}
    case "$deps" in *",$pkg,"*) ;; *) missing="$missing $lib($pkg)" ;; esac
done
expect_eq "deb: Depends names the package of every linked library" "$missing" ""
for p in libsqlite3-0 libsodium23 libc6; do
    case "$deps" in *",$p,"*) ok "deb: Depends on $p" ;; *) fail "deb: Depends on $p" "$(cat "$T/depends")" ;; esac
done
case "$ZHIBU" in
*build-asan*) ;;
*) case "$deps" in *asan*|*ubsan*) fail "deb: no sanitizer runtime in Depends" "$(cat "$T/depends")" ;;
   *) ok "deb: no sanitizer runtime in Depends" ;; esac ;;
esac

# extracted into a temporary root, the program works with its own configuration
R=$T/root
dpkg-deb -x "$DEB" "$R"
Z=$R/usr/bin/zhibu
[ -x "$Z" ] && ok "deb: extracted program is executable" || { fail "deb: extracted program is executable" "$(ls -lR "$R")"; exit 0; }
expect_eq "deb: the extracted configuration is the shipped one" "$(cmp -s "$R/etc/zhibu/zhibu.ini" "$ROOT/config/zhibu.ini" && echo same)" "same"
unset ZHIBU_CONFIG
DB=$T/demo.db
"$Z" --config "$R/etc/zhibu/zhibu.ini" demo --db "$DB" --branches 2 --years 1 >"$T/demo.out" 2>&1
RC=$?
expect_rc "deb: demo" 0
expect_contains "deb: demo says what it made" "$T/demo.out" "已创建演示数据库"
"$Z" --config "$R/etc/zhibu/zhibu.ini" audit --db "$DB" --month 2026-10 --format text >"$T/audit.out" 2>"$T/err"
RC=$?
expect_rc "deb: audit" 0
expect_contains "deb: audit reports a branch" "$T/audit.out" "红旗村党支部"
expect_contains "deb: audit reports the items" "$T/audit.out" "三会一课"
printf 'demo1234\n' >"$T/pw-demo"
cat >"$T/keys" <<'KEYS'
:dump home.txt
2
:dump roster.txt
KEYS
(cd "$T" && "$Z" --config "$R/etc/zhibu/zhibu.ini" --db "$DB" --user shuji --password-file "$T/pw-demo" \
    --script "$T/keys" --size 80x24 >"$T/out" 2>"$T/err" </dev/null)
RC=$?
expect_rc "deb: headless screen" 0
expect_contains "deb: the home screen names the branch" "$T/home.txt" "镇政府机关党支部"
expect_contains "deb: the home screen shows 待办提醒" "$T/home.txt" "待办提醒"
expect_contains "deb: the roster opens" "$T/roster.txt" "党员名册"
expect_fits "deb: the roster fits 80x24" "$T/roster.txt" 80 24
