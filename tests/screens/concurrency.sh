#!/bin/sh
# Two sessions at one ledger (issue 13): two headless zhibu processes on one database file, as
# two PCs of a township office share one file, interleaved with step files (the script
# directives :touch FILE and :wait FILE). A meeting saved by B while A has it open: A's older
# form is refused with who, when and what changed, and reloading keeps A's typing where B changed
# nothing; the roster, a post and the branch likewise. Collection day: both press Space on the
# same member: one payment, the second sees 已交清; the payment form asks before paying months
# already paid in full, and one opened before B's payment is refused and read again.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# a second account of the branch: 魏委员 works on the other PC
"$ZHIBU" user add --db "$DB" --as admin --as-password-file "$PW" --login wei --name 魏委员 \
    --role secretary --branch 1101010001 --password-file "$PW" >"$T/user2.out" 2>&1 ||
    fail "setup" "second account: $(cat "$T/user2.out")"
run_script setup 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<Esc>1
<F2>
<Enter>
<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>村委会会议室<Tab><Tab><Tab><Tab><Tab>研究秋冬季防火安全工作<Tab>传达乡镇部署
<F2>
KEYS
expect_eq "setup: two members and a meeting" \
    "$(sql "$DB" "select (select count(*) from member)||'|'||place||'|'||observers from meeting")" "2|村委会会议室|"

# run_pair A B — runs the scripts $T/A.keys (as shuji) and $T/B.keys (as wei) at the same time on
# $DB; B's writes are stamped 09:05 (ZHIBU_NOW, honoured on this test database).
run_pair() {
    # shellcheck disable=SC2086
    (cd "$T" && "$ZHIBU" --db "$DB" --user shuji --password-file "$PW" --script "$T/$1.keys" \
        --size 80x24 >"$T/$1.out" 2>"$T/$1.err" </dev/null; echo $? >"$T/$1.rc") &
    pair_pid=$!
    (cd "$T" && ZHIBU_NOW=2026-11-21T09:05:00Z "$ZHIBU" --db "$DB" --user wei --password-file "$PW" \
        --script "$T/$2.keys" --size 80x24 >"$T/$2.out" 2>"$T/$2.err" </dev/null; echo $? >"$T/$2.rc")
    wait "$pair_pid"
    for s in "$1" "$2"; do
        if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/$s.err"; then
            fail "sanitizer" "$(grep -m3 -E 'ERROR|runtime error' "$T/$s.err" | tr '\n' ' ') (script $s)"
        fi
        expect_eq "session $s ran to its end" "$(cat "$T/$s.rc")" "0"
    done
    rm -f "$T"/step-*
}

# ---- a meeting: B changes 地点 while A adds 列席人员 ----
cat >"$T/meet-a.keys" <<'KEYS'
1
<Enter>
:touch step-a-open
:wait step-b-saved
<Tab><Tab>镇组织委员
<F2>
:dump m-conflict.txt
<Enter>
:dump m-reloaded.txt
<F2>
:dump m-saved.txt
KEYS
cat >"$T/meet-b.keys" <<'KEYS'
:wait step-a-open
1
<Enter>
<BTab><BTab><BTab><BTab><BTab><C-u>党员活动室
<F2>
:dump m-b-saved.txt
:touch step-b-saved
KEYS
run_pair meet-a meet-b
expect_contains "B saves first" "$T/m-b-saved.txt" "已保存"
expect_contains "A's older form is refused: who and when" "$T/m-conflict.txt" "该记录已被 魏委员 于 09:05 修改"
expect_contains "what changed, old → new" "$T/m-conflict.txt" "地点：村委会会议室 → 党员活动室"
expect_contains "the form offers to load the saved record" "$T/m-conflict.txt" "载入对方保存的内容？"
expect_fits "the question fits 80x24" "$T/m-conflict.txt" 80 24
expect_file_eq "the question over the form, whole screen" "$T/m-conflict.txt" <<'SCREEN'
 支部工作台账 │ 红旗村党支部 │ 会议记录 王书记（支部书记）  测试时钟 2026-11-21
 录入于 2026-11-21（王书记，会后 1 天）
 应到 2 实到 2（有表决权 2/2） 法定人数：已达到  缺：记录人、决议及表决
 党小组      （不适用）
 会议日期*   2026-11-20   YYYY-MM-DD
 开始时间    09:00       HH:MM
 结束时间    11:30       HH:MM
 地点        村委会会议室
 主持人       ┌──────────────────────────────────────────────────┐
 记录人       │ 该记录已被 魏委员 于 09:05 修改，改动如下：      │
 主讲人       │     地点：村委会会议室 → 党员活动室              │
 选举        [│                                                  │
 议题         │ 载入对方保存的内容？您改过而对方没改的地方保留。 │
              │                                                  │
              │            [Enter] 确定   [Esc] 取消             │
 会议内容     └──────────────────────────────────────────────────┘





 列席人员    镇组织委员

F1帮助 F2保存 F5出席 F6决议 F7同时计为 F9打印 F10退出
SCREEN
expect_contains "reloaded: B's 地点" "$T/m-reloaded.txt" "地点        党员活动室"
expect_contains "reloaded: A's typing kept" "$T/m-reloaded.txt" "列席人员    镇组织委员"
expect_contains "reloaded: the status says so" "$T/m-reloaded.txt" "已载入对方保存的内容，您的修改保留（1 项）"
expect_contains "A saves after the reload" "$T/m-saved.txt" "已保存"
expect_eq "both changes are in the record" "$(sql "$DB" "select place||'|'||observers from meeting")" "党员活动室|镇组织委员"
expect_eq "three updates in the history, none lost" \
    "$(sql "$DB" "select group_concat(changed_by, ' ') from (select changed_by from history where table_name='meeting' and action='update' order by id)")" \
    "wei shuji"

# ---- both change 地点: A first declines the reload, then loads; B's value wins and is named ----
cat >"$T/both-a.keys" <<'KEYS'
1
<Enter>
:touch step-a-open
:wait step-b-saved
<BTab><BTab><BTab><BTab><BTab><C-u>大礼堂<Tab><Tab><Tab><Tab><Tab><Tab><Tab>、驻村干部
<F2>
<Esc>
:dump b-declined.txt
<F2>
<Enter>
:dump b-reloaded.txt
<F2>
KEYS
cat >"$T/both-b.keys" <<'KEYS'
:wait step-a-open
1
<Enter>
<BTab><BTab><BTab><BTab><BTab><C-u>村部二楼
<F2>
:touch step-b-saved
KEYS
run_pair both-a both-b
expect_contains "declined: nothing saved, and why" "$T/b-declined.txt" "未保存：该记录已被 魏委员 于 09:05 修改（未载入"
expect_contains "both changed 地点: named on the status line" "$T/b-reloaded.txt" "双方都改过的“地点”用了对方的"
expect_contains "both changed 地点: the saved value shown" "$T/b-reloaded.txt" "地点        村部二楼"
expect_contains "A's other change kept" "$T/b-reloaded.txt" "列席人员    镇组织委员、驻村干部"
expect_eq "saved: B's 地点 and A's 列席人员" "$(sql "$DB" "select place||'|'||observers from meeting")" "村部二楼|镇组织委员、驻村干部"

# ---- the roster: B changes 李二's phone while A edits the note ----
cat >"$T/mem-a.keys" <<'KEYS'
2
<Down><Enter>
:touch step-a-open
:wait step-b-saved
<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab>老党员
<F2>
:dump r-conflict.txt
<Enter>
:dump r-reloaded.txt
<F2>
KEYS
cat >"$T/mem-b.keys" <<'KEYS'
:wait step-a-open
2
<Down><Enter>
<Tab><Tab><Tab><Tab><Tab>13900001111
<F2>
:touch step-b-saved
KEYS
run_pair mem-a mem-b
expect_contains "the member form: refused with what changed" "$T/r-conflict.txt" "电话：（空） → 13900001111"
expect_contains "the member form: reloaded with A's note" "$T/r-reloaded.txt" "老党员"
expect_contains "the member form: and B's phone" "$T/r-reloaded.txt" "13900001111"
expect_eq "the member holds both" "$(sql "$DB" "select phone||'|'||note from member where name='李二'")" "13900001111|老党员"

# ---- the branch's details: B sets the theme day while A renames ----
cat >"$T/br-a.keys" <<'KEYS'
6
:touch step-a-open
:wait step-b-saved
<C-u>红旗村党总支
<F2>
:dump br-conflict.txt
<Enter>
<F2>
KEYS
cat >"$T/br-b.keys" <<'KEYS'
:wait step-a-open
6
<Tab><Tab><C-u>20
<F2>
:touch step-b-saved
KEYS
run_pair br-a br-b
expect_contains "the branch form: refused with what changed" "$T/br-conflict.txt" "主题党日：15 → 20"
expect_eq "the branch holds both" "$(sql "$DB" "select name||'|'||theme_day from branch")" "红旗村党总支|20"

# ---- collection day on two PCs: both press Space on 王一 for November ----
cat >"$T/pay-a.keys" <<'KEYS'
3
:touch step-a-open
:wait step-b-paid
<Space>
:dump p-second.txt
<Up><Enter>
:dump p-form.txt
<C-u>0.50
<F2>
:dump p-ask.txt
<Esc>
:dump p-declined.txt
KEYS
cat >"$T/pay-b.keys" <<'KEYS'
:wait step-a-open
3
<Space>
:dump p-first.txt
:touch step-b-paid
KEYS
run_pair pay-a pay-b
expect_contains "B's Space pays" "$T/p-first.txt" "已登记：王一 11月 0.50 元"
expect_contains "A's Space on the same member: 已交清, and who paid" "$T/p-second.txt" \
    "王一 11月已交清（2026年11月的党费已由 魏委员 于 09:05 登记一笔（0.50 元））"
expect_eq "one payment, not two" "$(sql "$DB" "select count(*)||'|'||sum(amount) from dues_payment")" "1|50"
expect_contains "the payment form shows nothing owed" "$T/p-form.txt" "这 1 个月尚欠 0.00 元"
expect_contains "the payment form asks before paying a paid month" "$T/p-ask.txt" "王一 这 1 个月尚欠 0.00 元（已交清或免交），仍然登记"
expect_contains "declined: nothing registered" "$T/p-declined.txt" "未登记：这 1 个月尚欠 0.00 元"
expect_eq "declined: still one payment" "$(sql "$DB" "select count(*) from dues_payment")" 1

# ---- the payment form open on 李二 while B pays him with Space: A's save is refused ----
cat >"$T/form-a.keys" <<'KEYS'
3
<Down><Enter>
:touch step-a-open
:wait step-b-paid
<F2>
:dump f-refused.txt
KEYS
cat >"$T/form-b.keys" <<'KEYS'
:wait step-a-open
3
<Down><Space>
:touch step-b-paid
KEYS
run_pair form-a form-b
expect_contains "the older form is refused, naming B's payment" "$T/f-refused.txt" \
    "未登记：2026年11月的党费已由 魏委员 于 09:05 登记一笔（0.50 元）；已重新读取"
expect_contains "read again: nothing owed now" "$T/f-refused.txt" "这 1 个月尚欠 0.00 元"
expect_eq "李二 paid once" "$(sql "$DB" "select count(*) from dues_payment p join member m on m.id=p.member_id where m.name='李二'")" 1

run_zhibu verify --db "$DB"
expect_rc "the ledger verifies after both sessions" 0
