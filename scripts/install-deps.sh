#!/bin/sh
# Installs the Debian packages zhibu needs to build (and, with --test, to run its tests; with
# --deb, to build the Debian package).
# Only what is missing is installed; uses sudo when not root.
# --check installs nothing: it names the build packages that are missing and exits 1 if any
# (a plain make runs it before pkg-config, so that it never calls sudo apt-get; make deps,
# make run and make test install).
set -eu
pkgs="pkg-config libncurses-dev libsqlite3-dev libiniparser-dev libxlsxwriter-dev zlib1g-dev libsodium-dev libminizip-dev libexpat1-dev"
# make deb: dpkg-shlibdeps (the package's Depends) and dpkg-deb
deb_pkgs="dpkg-dev"
check=""
if [ "${1:-}" = "--check" ]; then
    check=1
    # not a Debian system: nothing to say here, pkg-config (in the Makefile) decides
    command -v dpkg-query >/dev/null 2>&1 || exit 0
elif [ "${1:-}" = "--test" ]; then
    pkgs="$pkgs tmux python3-openpyxl sqlite3 ncurses-term time groff-base $deb_pkgs"
elif [ "${1:-}" = "--deb" ]; then
    pkgs="$pkgs $deb_pkgs"
fi
missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ -n "$check" ]; then
    echo "zhibu: 缺少构建所需的软件包:$missing。请先运行 make deps 安装（make run、make test 也会安装）" >&2
    exit 1
fi
echo "zhibu: 安装缺少的软件包:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    if ! command -v sudo >/dev/null 2>&1; then
        echo "zhibu: 需要 root 权限安装:$missing (请以 root 运行: apt-get install$missing)" >&2
        exit 1
    fi
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
