#!/bin/sh
# The interface opening an older ledger (issue 17): the upgrade runs before the interface starts
# and says so on the terminal — a start line, then one line rewritten in place with the step and
# how far it is — and the first screen after the login says that the database was upgraded and
# where its backup is. A real terminal under tmux; the upgrade of the small fixture made to last
# three seconds (ZHIBU_TEST_SLOW_UPGRADE, honoured on test databases only) so that the pane can
# be read while it runs. At 80×24 a backup path longer than the status line is shown whole, the
# message wrapped over the body's last rows (not cut at the window's edge).
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
    fail "tmux available" "tmux is not installed (scripts/install-deps.sh --test installs it)"
    exit 0
fi
DB=$T/ledger.db
gunzip -c "$ROOT/tests/fixtures/v12-demo.sql.gz" | sqlite3 -batch "$DB"
printf 'demo1234\n' >"$T/pw"
S=zhibu-upgrade-$$
SOCK=$T/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
step() { if tmux_wait "$SOCK" "$S" "$2" "${3:-10}"; then ok "$1"; else fail "$1" "never showed [$2]; pane: $(tr -s ' ' <"$T/pane" | head -c 600)"; fi; }

tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
    "env LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=$ZHIBU_TODAY ZHIBU_CONFIG=$ZHIBU_CONFIG ZHIBU_TEST_SLOW_UPGRADE=3 TERM=screen-256color '$ZHIBU' --db '$DB' --user shuji --password-file '$T/pw'"
step "the upgrade says it started, naming the versions" "正在升级数据库 $DB（版本 12 → 14），请勿关闭程序……"
step "the step and how far it is, while it runs" "升级到版本 14：测试 "
tm capture-pane -p -t "$S" >"$T/pane-upgrading"
expect_eq "one progress line, rewritten in place (not scrolled)" "$(grep -c '升级到版本 14' "$T/pane-upgrading")" "1"
step "then the interface, logged in" "F1帮助" 15
# the pane's rows joined (a notice wider than the window is wrapped over several rows)
joined_has() {
    i=0
    while [ $i -lt 200 ]; do
        tm capture-pane -p -t "$S" >"$T/pane"
        case "$(sed 's/ *$//' "$T/pane" | tr -d '\n')" in *"$1"*) return 0 ;; esac
        i=$((i + 1))
        sleep 0.05
    done
    return 1
}
if joined_has "数据库已升级到版本 14，升级前的备份：$DB.v12-"; then
    ok "the first screen says the database was upgraded and where its backup is"
else
    fail "the first screen says the database was upgraded and where its backup is" "pane: $(tr -s ' ' <"$T/pane" | tail -n 6)"
fi
expect_eq "the file is at version 14" "$(sql "$DB" "pragma user_version")" "14"
tm send-keys -t "$S" F10
i=0
while tm has-session -t "$S" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if tm has-session -t "$S" 2>/dev/null; then fail "F10 quits" "still running"; else ok "F10 quits"; fi

# 80×24, a path longer than the line: the whole message, wrapped, on the rows above the key bar
LONG=$T/a-directory-with-a-rather-long-name-for-the-status-line/and-one-more-level-of-folders
mkdir -p "$LONG"
gunzip -c "$ROOT/tests/fixtures/v12-demo.sql.gz" | sqlite3 -batch "$LONG/ledger.db"
S=zhibu-upgrade80-$$
tm -f /dev/null new-session -d -s "$S" -x 80 -y 24 \
    "env LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=$ZHIBU_TODAY ZHIBU_CONFIG=$ZHIBU_CONFIG TERM=screen-256color '$ZHIBU' --db '$LONG/ledger.db' --user shuji --password-file '$T/pw'"
step "80×24: the interface, logged in" "F1帮助" 15
backup=$(ls "$LONG" | grep '^ledger\.db\.v12-' | head -n 1)
if joined_has "数据库已升级到版本 14，升级前的备份：$LONG/$backup"; then
    ok "80×24: the backup's whole path is on the screen, wrapped"
else
    fail "80×24: the backup's whole path is on the screen, wrapped" "backup [$backup]; pane: $(tr -s ' ' <"$T/pane" | tail -n 8)"
fi
cp "$T/pane" "$T/pane80"
expect_eq "80×24: the title is still the first row" "$(head -n 1 "$T/pane80" | grep -c '支部工作台账')" "1"
expect_eq "80×24: the key bar is still the last row" "$(tail -n 1 "$T/pane80" | grep -c 'F1帮助')" "1"
tm send-keys -t "$S" Down
tmux_wait "$SOCK" "$S" "F1帮助" 5
tm capture-pane -p -t "$S" >"$T/pane80b"
expect_eq "80×24: the next key clears the message" "$(grep -c '升级前的备份' "$T/pane80b")" "0"
tm send-keys -t "$S" F10
