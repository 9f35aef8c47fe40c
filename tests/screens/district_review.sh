#!/bin/sh
# The district's screens (issue 18) at 80x24 and 120x40: a township (the demo, 8 branches, one
# year) reviews October — 镇政府机关 and 红旗村 合格 though the engine fails items (✗判合格),
# 东风社区 不合格 though every item passes (✓判不合格), 光明村 合格 (agreed) — and sends its month
# to the district (zhibu bundle export --for-district); the district (zhibu init --office
# district, a township registered under a long name in 第一指导站, 第二指导站 with none) imports it.
# The district reviewer: the home lists only 复审, 督查记录, 通报; the 复审 table by township with
# the disagreements counted in the header and marked per row, F4 only those, s first; a branch's
# page: a district verdict differing from the township's without a comment is refused with the
# store's sentence, then recorded with a comment and sent back — beside the township's, which is
# unchanged; spot checks: F2 with empty fields, a finding missing, a future date refused, then
# saved; F8 void with an empty reason refused, then voided. An inspector of another station sees
# no branch and may add nothing. The district's bundle back at the township: the township's table
# shows 区复审 and 区退回, the branch's page "区委组织部退回：……" and the spot check; so does the
# branch secretary's own page (the village's view). Names cut with "…", never split.
. "$(dirname "$0")/../lib.sh"

TW=$T/township.db
D=$T/district.db
LONG=红旗镇党委（含原东风乡、西山乡合并后的全部村和社区）
run_zhibu demo --db "$TW" --years 1
expect_rc "the township (demo)" 0
first=$(sql "$TW" "select id from branch where name='镇政府机关党支部'")

# ---- the township reviews October ----
DB=$TW
login_demo shencha
run_script township 80x24 <<'KEYS'
5
<Home><Enter>
<Enter>
o
<Enter>
<Enter>
<Esc>
<Down><Enter>
o
<Enter>
<Enter>
<Esc>
<Down><Down><Enter>
o
<Down><Down><Enter>
学习记录与实际不符<Enter>
<Enter>
<Esc>
<Down><Down><Down><Enter>
o
<Enter>
<Enter>
<Esc>
KEYS
expect_eq "the township's overall verdicts" \
    "$(sql "$TW" "select group_concat(b.name || ':' || v.verdict, ' ') from audit_verdict v join branch b on b.id = v.branch_id where v.item = 'overall' order by b.code")" \
    "镇政府机关党支部:pass 红旗村党支部:pass 东风社区党支部:fail 光明村党支部:pass"

# ---- the district ----
run_zhibu init --test --db "$D" --password-file "$PW" --office district --office-name 城关区委组织部
expect_rc "the district's database" 0
fpr_of() { "$ZHIBU" office show --db "$1" | sed -n 's/^指纹：//p'; }
adm() { run_zhibu "$@" --as admin --as-password-file "$PW"; }
adm office station add --db "$D" --name 第一指导站
adm office station add --db "$D" --name 第二指导站
adm office township add --db "$D" --code 110101 --name "$LONG" --fingerprint "$(fpr_of "$TW")" --station 第一指导站
expect_rc "the township registered in 第一指导站" 0
adm user add --db "$D" --login fushen --name 复审员 --role reviewer --password-file "$PW"
adm user add --db "$D" --login ducha1 --name 督查一 --role inspector --station 第一指导站 --password-file "$PW"
adm user add --db "$D" --login ducha2 --name 督查二 --role inspector --station 第二指导站 --password-file "$PW"
expect_rc "the inspector of 第二指导站" 0
printf 'demo1234\n' >"$T/demo.pw"
run_zhibu office district set --db "$TW" --name 城关区委组织部 --fingerprint "$(fpr_of "$D")" --as admin --as-password-file "$T/demo.pw"
expect_rc "the township registers its district" 0
run_zhibu bundle export --db "$TW" --month 2026-10 --for-district --out "$T/m.zbx"
expect_rc "the township's month bundle" 0
run_zhibu bundle import --db "$D" "$T/m.zbx"
expect_rc "the district imports it" 0

# ---- the login at a district: the title names the office, not one of its branches ----
DB=$D
LOGIN=
run_script login 80x24 <<'KEYS'
:dump login.txt
KEYS
expect_contains "the login's title: the district office" "$T/login.txt" "城关区委组织部 │ 登录"
expect_not_contains "the login's title: no branch" "$T/login.txt" "镇政府机关"

# ---- the district reviewer: home, the 复审 table ----
login_as fushen
run_script table 80x24 <<'KEYS'
:dump home.txt
9
:dump home9.txt
1
:dump table.txt
<F4>
:dump only.txt
<F4>s
:dump first.txt
<F1>
:dump help.txt
KEYS
expect_fits "district home fits 80x24" "$T/home.txt" 80 24
expect_contains "home: 复审" "$T/home.txt" " 1  复审"
expect_contains "home: 督查记录" "$T/home.txt" " 2  督查记录"
expect_contains "home: 通报" "$T/home.txt" " 3  通报"
expect_not_contains "home: 通报 is built" "$T/home.txt" "尚未建成"
expect_not_contains "home: no 系统管理 for the reviewer" "$T/home.txt" "系统管理"
expect_contains "home: the reviewer imports the townships' bundles" "$T/home.txt" " 4  导入导出"
expect_contains "home: townships and branches" "$T/home.txt" "已登记乡镇 1 个，支部 8 个；指导站 2 个"
expect_eq "home: 9 is nothing" "$(status_line home9.txt)" ""
expect_fits "the 复审 table fits 80x24" "$T/table.txt" 80 24
expect_contains "the header counts the disagreements" "$T/table.txt" "2026年10月复审 1乡镇8支部 分歧3（✗判合格2） 区复审0 退回0"
expect_contains "the columns" "$T/table.txt" "乡镇 / 支部 三会 党日 记录 党员 党费 设岗 得分 乡镇   区复审 提交 整改 分歧"
expect_eq "the township's row: its long name cut" "$(sed -n 4p "$T/table.txt" | awk '{print $1}')" "红旗镇党委…"
expect_contains "the township's row: its disagreements" "$T/table.txt" "分歧3/8"
row() { grep -m1 "^$1" "$T/$2"; }
expect_eq "✗判合格: the engine fails, the township passed" "$(row 镇政府机关 table.txt | grep -c '30 合格 .*✗判合格$')" 1
expect_eq "✗判合格 for 红旗村" "$(row 红旗村 table.txt | grep -c '✗判合格$')" 1
expect_eq "✓判不合格: every item passes, the township failed it" "$(row 东风社区 table.txt | grep -c '100 不合格 .*✓判不合格$')" 1
expect_eq "agreed: no mark" "$(row 光明村 table.txt | sed 's/ *$//' | grep -c '合格          未交$')" 1
expect_eq "a long branch name cut with …" "$(grep -c '^前进建材有…' "$T/table.txt")" 1
expect_eq "F4: the township and its three disagreements" "$(sed -n '4,20p' "$T/only.txt" | grep -c '[^ ]')" 4
expect_contains "F4: said in the header" "$T/only.txt" "只看分歧"
expect_not_contains "F4: 光明村 left out" "$T/only.txt" "光明村"
expect_eq "s: the ✗判合格 first (镇政府机关, 红旗村), then the rest" "$(sed -n '5,8p' "$T/first.txt" | awk '{printf "%s ", $1}')" "镇政府机关… 红旗村党支… 东风社区党… 柳林村党支… "
expect_contains "F1 names F4" "$T/help.txt" "只看分歧"

run_script find 80x24 <<'KEYS'
1
前进<Enter>
:dump found.txt
/<C-u>没有这个<Enter>
:dump notfound.txt
KEYS
expect_contains "typing finds a branch: its whole name below" "$T/found.txt" "乡镇 / 支部：前进建材有限公司党支部"
expect_eq "a name not there" "$(status_line notfound.txt)" "没有名称或组织代码含“没有这个”的支部或乡镇"

run_script wide 120x40 <<'KEYS'
1
:dump wide.txt
KEYS
expect_fits "the 复审 table fits 120x40" "$T/wide.txt" 120 40
expect_contains "wider: the branch names in full" "$T/wide.txt" "前进建材有限公司党支部"
expect_eq "wider: the township's name still cut, not split" "$(grep -c '^红旗镇党委（含原东风乡、.*…' "$T/wide.txt")" 1

# ---- a district verdict: refused without a reason, then recorded and sent back ----
run_script verdict 80x24 <<'KEYS'
1
<Enter>
:dump page.txt
<End>
:dump page_end.txt
d
<Down><Down><Enter>
<Enter>
<Enter>
:dump refused.txt
d
<Down><Down><Enter>
<Down><Enter>
三会一课和党费问题突出，乡镇判合格不当<Enter>
:dump saved.txt
<End>
:dump saved_end.txt
<Esc>
:dump table2.txt
KEYS
expect_fits "the branch's 复审 page fits 80x24" "$T/page.txt" 80 24
expect_contains "the page: 复审 of the month" "$T/page.txt" "镇政府机关党支部 2026年10月复审  得分 30"
expect_contains "the page: the township (cut)" "$T/page.txt" "尚未提交月报；乡镇：红旗镇党委"
# (the behind branch's reasons — its term over, its dues not handed up, issue 19 — run past 24
# rows: the verdict's line is at the end)
expect_contains "the page: the township's verdict, d named" "$T/page_end.txt" "乡镇意见：合格；区尚未复审（按 d）"
expect_eq "the page's bar: no township verdicts here" "$(tail -n 1 "$T/page.txt")" "F1帮助 r整改 d复审 c督查 F10退出"
expect_eq "refused: the store's sentence" "$(status_line refused.txt)" "未保存：与乡镇结论不同须说明理由"
expect_contains "saved" "$T/saved.txt" "镇政府机关党支部 总体：区复审不合格，已退回乡镇"
# (the behind branch's page runs past 24 rows since its committee's term is over, issue 19)
expect_contains "the finding sent back on the page" "$T/saved_end.txt" "区委组织部退回：三会一课和党费问题突出"
expect_eq "the district verdict beside the township's" \
    "$(sql "$D" "select item || '|' || verdict || '|' || township_verdict || '|' || sent_back || '|' || comment from district_verdict")" \
    "overall|fail|pass|1|三会一课和党费问题突出，乡镇判合格不当"
expect_eq "the township's verdict untouched" "$(sql "$D" "select verdict from audit_verdict where branch_id = $first and item = 'overall'")" pass
expect_contains "the table: 区复审 and 退回 counted" "$T/table2.txt" "区复审1 退回1"
expect_eq "the table: 不合格 beside 合格" "$(row 镇政府机关 table2.txt | grep -c '30 合格   不合格 ')" 1

# ---- spot checks at the district ----
run_script checks 80x24 <<'KEYS'
1
<Enter>
c
:dump list0.txt
<F2>
:dump form.txt
<F2>
:dump noone.txt
张三、李四<F2>
:dump nowhat.txt
纸质会议记录与系统记录核对<Tab><Right><F2>
:dump nofind.txt
纸质记录缺10月支委会一次<Up><Up><Up><Up><Up><C-u>2026-12-01<F2>
:dump future.txt
<C-u>2026-10-28<F2>
:dump saved.txt
<F2>
王五<Tab>党费收缴记录与收据一致<F2>
:dump two.txt
<F8>
<Enter>
:dump voidempty.txt
<Esc>
<F8>登记重复<Enter>
:dump voided.txt
<Esc>
<End>
:dump page.txt
KEYS
expect_contains "an empty list" "$T/list0.txt" "（没有督查记录）"
expect_contains "the form: today by default" "$T/form.txt" "督查日期*   2026-11-21"
expect_contains "the form: the township's station" "$T/form.txt" "指导站      第一指导站"
expect_fits "the form fits 80x24" "$T/form.txt" 80 24
expect_eq "no inspectors: refused" "$(status_line noone.txt)" "未保存：检查人不能为空"
expect_eq "nothing inspected: refused" "$(status_line nowhat.txt)" "未保存：检查内容不能为空"
expect_eq "发现问题 without findings: refused" "$(status_line nofind.txt)" "未保存：结果为发现问题时须写明发现的问题"
expect_eq "a future date: refused" "$(status_line future.txt)" "未保存：日期不能晚于今天"
expect_eq "saved" "$(status_line saved.txt)" "已登记 2026-10-28 对 镇政府机关党支部 的督查：发现问题"
expect_contains "the list: the check" "$T/saved.txt" "2026-10-28 第一指导站 张三、…  发现问题 纸质会议记录与系统记录核对"
expect_contains "the void needs a reason" "$T/voidempty.txt" "不能为空"
expect_contains "voided: marked, kept" "$T/voided.txt" "已作废"
expect_contains "voided: the header counts the standing ones" "$T/voided.txt" "督查记录：1 次（另有作废）"
expect_eq "the spot checks stored" \
    "$(sql "$D" "select date || '|' || station || '|' || inspectors || '|' || result || '|' || findings || '|' || ifnull(void_reason, '') from spot_check order by id")" \
    "2026-10-28|第一指导站|张三、李四|issues|纸质记录缺10月支委会一次|
2026-11-21|第一指导站|王五|consistent||登记重复"
expect_contains "the page: the spot checks" "$T/page.txt" "2026-10-28 第一指导站 张三、李四：发现问题 — 纸质记录缺10月"
expect_contains "the page: the voided one marked" "$T/page.txt" "（已作废）2026-11-21 第一指导站 王五"
expect_contains "the page: 督查 counts the standing one" "$T/page.txt" "督查     1 次"

# ---- the administrator: 通报 and 系统管理 only ----
login_as admin
run_script admin 80x24 <<'KEYS'
:dump ahome.txt
1
:dump ahome1.txt
KEYS
expect_contains "admin: 通报" "$T/ahome.txt" " 3  通报"
expect_contains "admin: 导入导出" "$T/ahome.txt" " 4  导入导出"
expect_contains "admin: 系统管理" "$T/ahome.txt" " 5  系统管理"
expect_not_contains "admin: no 复审" "$T/ahome.txt" "复审  "
expect_eq "admin: 1 refused" "$(status_line ahome1.txt)" "复审、督查只有区委组织部复审人员和指导站督查员能使用"

# ---- inspectors: in scope, out of scope ----
login_as ducha1
run_script ducha1 80x24 <<'KEYS'
:dump home.txt
1
:dump table.txt
KEYS
expect_contains "the inspector's station on the home screen" "$T/home.txt" "本站（第一指导站）负责乡镇 1 个，支部 8 个"
expect_not_contains "the inspector: no 导入导出 (bundles are the reviewer's)" "$T/home.txt" "导入导出"
expect_contains "the inspector sees the station's township" "$T/table.txt" "1乡镇8支部"
login_as ducha2
before=$(sql "$D" "select count(*) from district_verdict")-$(sql "$D" "select count(*) from spot_check")
run_script ducha2 80x24 <<'KEYS'
:dump home.txt
1
:dump table.txt
<Enter>d
:dump table_d.txt
<Esc>
2
:dump checks.txt
<F2>
:dump checks_f2.txt
KEYS
expect_contains "out of scope: no township" "$T/home.txt" "本站还没有负责的乡镇"
expect_contains "out of scope: no branch to re-review" "$T/table.txt" "（本站负责的乡镇没有可复审的支部）"
expect_contains "out of scope: 0 branches" "$T/table.txt" "0乡镇0支部"
expect_not_contains "out of scope: nothing of the township" "$T/table.txt" "镇政府机关"
expect_contains "out of scope: no spot check listed" "$T/checks.txt" "（没有督查记录）"
expect_eq "out of scope: no F2 in the bar" "$(tail -n 1 "$T/checks.txt")" "F1帮助 F10退出"
expect_contains "out of scope: F2 refused" "$T/checks_f2.txt" "F2 新增不可用"
expect_eq "out of scope: nothing written" "$(sql "$D" "select count(*) from district_verdict")-$(sql "$D" "select count(*) from spot_check")" "$before"

# ---- back at the township ----
run_zhibu bundle export --db "$D" --month 2026-10 --for-township 110101 --out "$T/d.zbx"
expect_rc "the district's bundle" 0
run_zhibu bundle import --db "$TW" "$T/d.zbx"
expect_rc "the township imports it" 0
DB=$TW
login_demo shencha
run_script back 80x24 <<'KEYS'
5
<Home><Enter>
:dump ttable.txt
<Enter>
:dump tpage.txt
<End>
:dump tpage_end.txt
KEYS
expect_fits "the township's table fits 80x24" "$T/ttable.txt" 80 24
expect_contains "the township's table: 区复审 and 区退回 counted" "$T/ttable.txt" "已审 4 个，区复审 1 个，区退回 1 个"
expect_contains "the township's table: the column 区复审" "$T/ttable.txt" "整改    区复审"
expect_eq "the township's table: 区复审 beside 意见" "$(row 镇政府机关 ttable.txt | grep -c '合格   未提交 *不合格$')" 1
expect_contains "the township's page: the finding sent back" "$T/tpage_end.txt" "区委组织部退回：三会一课和党费问题突出"
expect_contains "the township's page: the spot check" "$T/tpage_end.txt" "2026-10-28 第一指导站 张三、李四：发现问题"
run_script wideback 120x40 <<'KEYS'
5
<Home><Enter>
:dump twide.txt
KEYS
expect_fits "the township's table fits 120x40" "$T/twide.txt" 120 40
expect_eq "wider: 区复审 and 区退回 on the row" "$(row 镇政府机关党支部 twide.txt | grep -c '不合格 区退回')" 1

# the branch's own page (its secretary, the village's view of the month)
login_demo shuji
run_script secretary 80x24 <<'KEYS'
5
<Enter>
<End>
:dump spage.txt
KEYS
expect_contains "the secretary's page: the finding" "$T/spage.txt" "区委组织部退回：三会一课和党费问题突出"
expect_contains "the secretary's page: the spot check" "$T/spage.txt" "2026-10-28 第一指导站 张三、李四：发现问题"
expect_eq "the secretary's bar: no 复审, no 督查" "$(tail -n 1 "$T/spage.txt")" "F1帮助 F2提交月报 r整改 F10退出"
