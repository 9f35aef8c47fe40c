#!/bin/sh
# make-deb.sh BINARY OUTDIR — builds OUTDIR/zhibu_VERSION_ARCH.deb from a built zhibu (make deb
# passes build/zhibu; tests/cli/deb.sh the binary under test) and prints its path.
#   /usr/bin/zhibu                       the program (stripped)
#   /etc/zhibu/zhibu.ini                 the configuration, a conffile (dpkg keeps a changed one)
#   /usr/share/man/man1/zhibu.1.gz       the man page (config/zhibu.1)
#   /usr/share/doc/zhibu/                copyright, README.md.gz
# VERSION comes from include/zhibu/version.h, ARCH from dpkg --print-architecture, and Depends
# from the libraries the binary links (dpkg-shlibdeps; without it, each NEEDED library's package
# by dpkg -S). Owner root:root without fakeroot (dpkg-deb --root-owner-group).
set -eu
[ $# -eq 2 ] || { echo "用法：sh scripts/make-deb.sh 程序文件 输出目录" >&2; exit 2; }
BIN=$1
OUT=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$BIN" ] || { echo "make-deb: 找不到程序 $BIN（先运行 make）" >&2; exit 1; }
command -v dpkg-deb >/dev/null 2>&1 || { echo "make-deb: 缺少 dpkg-deb" >&2; exit 1; }
umask 022

VERSION=$(sed -n 's/^#define ZHIBU_VERSION "\(.*\)"$/\1/p' "$ROOT/include/zhibu/version.h")
[ -n "$VERSION" ] || { echo "make-deb: include/zhibu/version.h 中没有 ZHIBU_VERSION" >&2; exit 1; }
ARCH=$(dpkg --print-architecture)
MAINTAINER=${DEB_MAINTAINER:-zhibu maintainers <zhibu@localhost>}

mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zhibu-deb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
PKG=$WORK/zhibu_${VERSION}_$ARCH
mkdir -p "$PKG/DEBIAN" "$PKG/usr/bin" "$PKG/etc/zhibu" "$PKG/usr/share/man/man1" \
    "$PKG/usr/share/doc/zhibu"

install -m 755 "$BIN" "$PKG/usr/bin/zhibu"
if command -v strip >/dev/null 2>&1; then
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$PKG/usr/bin/zhibu"
fi
install -m 644 "$ROOT/config/zhibu.ini" "$PKG/etc/zhibu/zhibu.ini"
gzip -9n <"$ROOT/config/zhibu.1" >"$PKG/usr/share/man/man1/zhibu.1.gz"
gzip -9n <"$ROOT/README.md" >"$PKG/usr/share/doc/zhibu/README.md.gz"
cat >"$PKG/usr/share/doc/zhibu/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: zhibu (支部工作台账)
Comment: The program, its configuration and its manual (README.md, zhibu(1)) are built from the
 zhibu source tree. It links the Debian packages named in Depends (ncurses, SQLite, iniparser,
 libsodium, libxlsxwriter and what they need); their copyrights are in /usr/share/doc/PACKAGE.

Files: *
Copyright: the zhibu authors
License: see the zhibu source tree
EOF
chmod 644 "$PKG/usr/share/doc/zhibu/copyright"

# Depends: the packages of the libraries the binary links
depends=""
if command -v dpkg-shlibdeps >/dev/null 2>&1; then
    mkdir -p "$WORK/debian"
    : >"$WORK/debian/control"
    depends=$(cd "$WORK" && dpkg-shlibdeps -O "$PKG/usr/bin/zhibu" 2>"$WORK/shlibdeps.err" |
        sed -n 's/^shlibs:Depends=//p') || depends=""
fi
if [ -z "$depends" ]; then
    # each NEEDED library, found where the dynamic linker finds it, and the package holding it
    for lib in $(objdump -p "$PKG/usr/bin/zhibu" | awk '$1 == "NEEDED" { print $2 }'); do
        path=$(ldd "$PKG/usr/bin/zhibu" | awk -v l="$lib" '$1 == l { print $3 }')
        [ -n "$path" ] || { echo "make-deb: 找不到 $lib" >&2; exit 1; }
        p=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null ||
            dpkg -S "${path#/usr}" 2>/dev/null) ||
            { echo "make-deb: $path 不属于任何软件包" >&2; exit 1; }
        p=${p%%:*}
        case ",$depends," in *", $p,"* | *",$p,"*) ;; *) depends="${depends:+$depends, }$p" ;; esac
    done
fi
[ -n "$depends" ] || { echo "make-deb: 无法确定依赖的软件包" >&2; cat "$WORK/shlibdeps.err" >&2; exit 1; }

size=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
cat >"$PKG/DEBIAN/control" <<EOF
Package: zhibu
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $size
Depends: $depends
Section: misc
Priority: optional
Description: 支部工作台账 — a party branch's work ledger in the terminal
 zhibu keeps a Chinese party branch's work ledger (三会一课, 党员名册, 党费, 设岗定责,
 月审月报) for village secretaries and township reviewers: a full-screen Chinese
 keyboard interface for old PCs and SSH, one SQLite file per office, signed
 exchange bundles between village and township, and exports for printing.
 .
 使用说明：man zhibu，/usr/share/doc/zhibu/README.md.gz。
EOF
echo /etc/zhibu/zhibu.ini >"$PKG/DEBIAN/conffiles"
(cd "$PKG" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$PKG/DEBIAN/md5sums"
chmod 644 "$PKG/DEBIAN/control" "$PKG/DEBIAN/conffiles" "$PKG/DEBIAN/md5sums"

DEB=$OUT/zhibu_${VERSION}_$ARCH.deb
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB.tmp" >/dev/null
mv "$DEB.tmp" "$DEB"
echo "$DEB"
