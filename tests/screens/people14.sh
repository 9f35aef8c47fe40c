#!/bin/sh
# Issue 14, the Party's rules about people, at 80x24: a 预备党员 is refused a committee office
# (committee screen and member form); an employed member without a dues base is a 党费 problem
# of the audit; one who left on the 1st owes nothing that month and one transferred out nothing
# after the letter's 交至; leaving ends the member's posts and the 公示 follows; a 缓交 member
# with approval is not 需谈话.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# 王一 书记; 吴在职 在职 without a base; 周月初 and 郑转出 农民; 孙预备 probationary since 2026-06-01.
# roster order (office first, then by name): 王一 吴在职 周月初 孙预备 郑转出
run_script setup 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
吴在职<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Left><Left>
<F2>
<F2>
周月初<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<F2>
郑转出<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01
<F2>
<F2>
孙预备<Tab><Tab><Tab><Tab><Tab><Tab>2026-06-01<Tab><Right>
<F2>
KEYS
expect_eq "five members, one with office" \
    "$(sql "$DB" "select group_concat(name||':'||status||':'||dues_category||':'||office, ' ') from (select * from member order by id)")" \
    "王一:full:farmer:secretary 吴在职:full:employed: 周月初:full:farmer: 郑转出:full:farmer: 孙预备:probationary:farmer:"

# ---- 1. the committee: a 预备党员 cannot be appointed ----
run_script committee 80x24 <<'KEYS'
2
c
<F2>
:dump picker.txt
<Down><Down><Down>
<Enter>
:dump refused.txt
<F2>
<Down>
<Enter>
:dump offices.txt
<Down><Down>
<Enter>
<Enter>
:dump appointed.txt
KEYS
expect_contains "the 预备党员 is refused before the office is asked" "$T/refused.txt" \
    "孙预备 是预备党员，没有选举权和被选举权，不能担任支委职务"
expect_not_contains "no office picker for the 预备党员" "$T/refused.txt" "担任职务"
expect_fits "the refusal fits 80x24" "$T/refused.txt" 80 24
expect_eq "the 预备党员 holds no office" "$(sql "$DB" "select office from member where name='孙预备'")" ""
expect_contains "a full member is still appointed" "$T/appointed.txt" "吴在职 任组织委员"

run_script form 80x24 <<'KEYS'
2
<Down><Down><Down>
<Enter>
<Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Tab><Right>
<F2>
:dump formoffice.txt
KEYS
expect_contains "member form: a 预备党员 given an office is refused with the rule" "$T/formoffice.txt" \
    "预备党员没有表决权、选举权和被选举权，不能担任支委职务"
expect_eq "still no office" "$(sql "$DB" "select office from member where name='孙预备'")" ""

# ---- 4. leaving: posts end, the 公示 follows, dues stop ----
# a post claimed by 周月初 and 郑转出 (the claim picker: 王一 吴在职 周月初 孙预备 郑转出)
run_script posts 80x24 <<'KEYS'
4
<F2>
宣传教育类<Tab>政策宣传岗<Tab>宣传党的路线方针政策<Tab><C-u>3
<F2>
<Enter>
<F2>
:dump claimpick.txt
<Down><Down><Enter>
<Enter>
<C-u>2026-10-10<Enter>
入户宣讲<Enter>
<F2>
<Down><Down><Down><Down><Enter>
<Enter>
<C-u>2026-10-10<Enter>
入户宣讲<Enter>
:dump claimed.txt
KEYS
expect_eq "two holders" "$(sql "$DB" "select group_concat(m.name, ' ') from post_holding h join member m on m.id = h.member_id where h.ended = '' order by m.id")" "周月初 郑转出"

# 周月初 dies on the 1st of November; 郑转出 is transferred out on 2026-11-05, the letter saying
# dues are paid through 2026-10
run_script leave 80x24 <<'KEYS'
2
<Down><Down>
<F8>
<Down><Enter>
<C-u>2026-11-01<Enter>
病故<Enter>
<Enter>
:dump died.txt
<End><F8>
<Enter>
<C-u>2026-11-05<Enter>
县委组织部机关党支部<Enter>
2026-017<Enter>
<C-u>2026-10<Enter>
<Enter>
:dump moved.txt
KEYS
expect_contains "death recorded" "$T/died.txt" "已登记：周月初 去世（2026-11-01）"
expect_contains "transfer recorded" "$T/moved.txt" "已登记：郑转出 转往 县委组织部机关党支部"
expect_eq "both holdings ended on the leaving date, with the reason" \
    "$(sql "$DB" "select group_concat(m.name||':'||h.ended||':'||h.end_reason, ' ') from post_holding h join member m on m.id = h.member_id")" \
    "周月初:2026-11-01:离开名册（去世） 郑转出:2026-11-05:离开名册（转出）"

run_script after 80x24 <<'KEYS'
4
<F9>
<C-u>notice.txt<Enter>
:dump posts.txt
<Esc>
3
s
<C-u>2026-06<Enter>
:dump grid.txt
a
:dump arrears.txt
KEYS
expect_contains "the notice is written" "$T/posts.txt" "已写入公示 notice.txt"
expect_not_contains "the notice leaves out the member who died" "$T/notice.txt" "周月初"
expect_not_contains "the notice leaves out the member transferred out" "$T/notice.txt" "郑转出"
expect_contains "the dues grid: November not owed by the two who left" "$T/grid.txt" \
    "2026年11月：应收 1.00 实收 0.00 未收 1.00 元（2 人未交清）"
grep -a "^周月初" "$T/grid.txt" >"$T/row_zhou"
expect_contains "left on 2026-11-01: owes October, not November" "$T/row_zhou" "欠   欠   欠   欠   欠             2026-05"
grep -a "^郑转出" "$T/grid.txt" >"$T/row_zheng"
expect_contains "transferred, paid through 2026-10 by the letter: November is the new branch's" "$T/row_zheng" \
    "欠   欠   欠   欠   欠             2026-05"
expect_fits "the grid fits 80x24" "$T/grid.txt" 80 24
expect_contains "before the deferral 孙预备 is to be talked to" "$T/arrears.txt" "孙预备     未交           5      2.50 需谈话"

# ---- 5. 缓交 with approval: still owed, no 需谈话 for the deferred months ----
# dues rows: 王一 吴在职 周月初 孙预备 郑转出
run_script defer 80x24 <<'KEYS'
3
<Down><Down><Down>
w
<Down><Down><Enter>
<C-u>2026-13<Enter>
:dump badmonth.txt
<Enter>
<C-u>2026-06<Enter>
<C-u>2026-10<Enter>
镇党委<Enter>
外出务工收入中断<Enter>
:dump deferred.txt
a
:dump arrears2.txt
KEYS
expect_contains "a bad month is refused" "$T/badmonth.txt" "月份应写作 YYYY-MM"
expect_contains "the deferral is recorded" "$T/deferred.txt" "已登记 孙预备 缓交（有正当理由）"
grep -a "^孙预备" "$T/deferred.txt" >"$T/row_sun"
expect_contains "the grid marks the deferred months" "$T/row_sun" "缓   缓   缓   缓   缓"
expect_contains "the deferred member still owes the months" "$T/arrears2.txt" "孙预备     未交           5      2.50"
grep -a "^孙预备" "$T/arrears2.txt" >"$T/arrears_sun"
expect_not_contains "... but is not 需谈话 for them" "$T/arrears_sun" "需谈话"
expect_contains "the header counts one to talk to" "$T/arrears2.txt" "欠交党费 2 人，其中需谈话 1 人"
expect_eq "the deferral stored with its approval" \
    "$(sql "$DB" "select kind||'|'||from_month||'|'||to_month||'|'||approved_by from dues_adjust")" "defer|2026-06|2026-10|镇党委"

# ---- 3. an employed member without a base (待核) is a 党费 problem of the audit ----
run_zhibu audit --db "$DB" --month 2026-11 --format text
expect_rc "audit text: exit 0" 0
expect_contains "audit: 未核定基数 listed" "$T/out" "1名党员未核定党费基数"
expect_contains "audit: the dues item fails" "$T/out" "党费收缴  未达标"
run_zhibu audit --db "$DB" --month 2026-11 --format json
expect_contains "audit json: the reason names the member" "$T/out" "未核定党费基数"
