#!/bin/sh
# A real terminal under tmux: the Chinese home screen, Chinese typed into the roster form with
# send-keys -l, a resize below the minimum and back, and F10 to quit. Polls capture-pane
# instead of sleeping fixed times.
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
    fail "tmux available" "tmux is not installed (scripts/install-deps.sh --test installs it)"
    exit 0
fi
new_branch_db
S=zhibu-smoke-$$
SOCK=$T/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

# wait_for TEXT [SECONDS] — polls the pane until TEXT shows; 0 when it did.
wait_for() {
    limit=$(( ${2:-10} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        tm capture-pane -p -t "$S" >"$T/pane" 2>/dev/null
        grep -qF -- "$1" "$T/pane" && return 0
        i=$((i + 1))
        sleep 0.05
    done
    return 1
}
step() { if wait_for "$2" "${3:-10}"; then ok "$1"; else fail "$1" "never showed [$2]; pane: $(tr -s ' ' <"$T/pane" | head -c 600)"; fi; }

tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
    "env LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=$ZHIBU_TODAY ZHIBU_CONFIG=$ZHIBU_CONFIG TERM=screen-256color '$ZHIBU' --db '$DB' 2>'$T/stderr'"
step "the login screen comes first" "用户名"
tm send-keys -t "$S" -l "shuji"
tm send-keys -t "$S" Tab
tm send-keys -t "$S" -l "wrongpass"
tm send-keys -t "$S" Enter
step "a wrong password is refused" "用户名或密码错误"
tm send-keys -t "$S" -l "test1234"
step "the password shows as stars" "********"
if grep -qF "test1234" "$T/pane"; then fail "the password never shows" "visible in the pane"; else ok "the password never shows"; fi
tm send-keys -t "$S" Enter
step "home screen in Chinese" "红旗村党支部（农村，组织代码 1101010001）"
step "the title names the secretary" "王书记（支部书记）"
step "key bar drawn" "F1帮助"
tm send-keys -t "$S" 2
step "roster opens" "在册党员：共 0 名"
tm send-keys -t "$S" F2
step "member form opens" "新增党员"
# bytes that are not UTF-8 (a GBK terminal's 中文, a lone ff, an unfinished e6 9d) are ignored
# with a message, and the keys after them still type
tm send-keys -t "$S" -H d6 d0 ce c4
step "GBK bytes: the status line says the terminal is not UTF-8" "终端编码不是 UTF-8"
tm send-keys -t "$S" -l "欧阳"
step "GBK bytes: the next keys still type" "欧阳"
tm send-keys -t "$S" -H ff
tm send-keys -t "$S" -l "张"
step "a lone ff: the next key still types" "欧阳张"
tm send-keys -t "$S" -H e6 9d
step "an unfinished e6 9d: said on the status line" "终端编码不是 UTF-8"
tm send-keys -t "$S" -l "三丰"
step "Chinese typed with send-keys -l shows in the form" "欧阳张三丰"
tm send-keys -t "$S" Tab Tab Tab Tab Tab Tab
tm send-keys -t "$S" -l "2001-07-01"
tm send-keys -t "$S" Tab Tab
tm send-keys -t "$S" -l "2002-07-01"
tm send-keys -t "$S" F2
step "saved from a real terminal" "已保存：欧阳张三丰"
tm resize-window -t "$S" -x 70 -y 20
step "resize below 80x24 says so" "窗口太小" 
tm resize-window -t "$S" -x 100 -y 30
step "growing back redraws the roster" "欧阳张三丰"
tm send-keys -t "$S" F10
i=0
while tm has-session -t "$S" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if tm has-session -t "$S" 2>/dev/null; then fail "F10 quits" "still running"; else ok "F10 quits"; fi
expect_eq "the member typed in tmux is in the database" \
    "$(sql "$DB" "select name||'|'||join_date||'|'||full_date from member")" "欧阳张三丰|2001-07-01|2002-07-01"
if [ -s "$T/stderr" ]; then fail "nothing on stderr" "$(head -c 300 "$T/stderr")"; else ok "nothing on stderr"; fi
