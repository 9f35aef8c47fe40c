#!/bin/sh
# 发展党员 in the interface at 80x24 (home key 0): a new applicant through the form (a birth
# after the application refused), the talk, an activist chosen at its 支部委员会 with two 培养联系人;
# refused steps show the store's sentence and write nothing (a meeting of the wrong kind, a
# contact who is not a full member, 发展对象 too early); a step voided with a reason; the home's
# reminders; a reviewer sees the pipeline but cannot add.
. "$(dirname "$0")/../lib.sh"

new_branch_db
# the roster: 王一 书记, 李二 组织委员 (full members), 赵四 a probationary member
run_script roster 80x24 <<'KEYS'
2
<F2>
王一<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right>
<F2>
<F2>
李二<Tab><Tab><Tab><Tab><Tab><Tab>2001-07-01<Tab><Tab>2002-07-01<Tab><Tab><Right><Right><Right>
<F2>
<F2>
赵四<Tab><Tab><Tab><Tab><Tab><Tab>2025-03-01<Tab><Right>
<F2>
KEYS
expect_eq "three members, one probationary" "$(sql "$DB" "select count(*), sum(status='probationary') from member")" "3|1"
# the meetings: 支委会 2025-07-10 and 2026-05-10, a 主题党日 2025-07-15
run_script meetings 80x24 <<'KEYS'
1
<F2>
<Down><Enter>
<C-u>2025-07-10<Tab>09:00<Tab><Tab><Tab><Tab><Tab><Tab><Tab>讨论确定入党积极分子
<F2>
<F2>
<Down><Down><Down><Down><Enter>
<C-u>2025-07-15<Tab>09:00<Tab><Tab><Tab><Tab><Tab><Tab><Tab>主题党日学习
<F2>
<F2>
<Down><Enter>
<C-u>2026-05-10<Tab>09:00<Tab><Tab><Tab><Tab><Tab><Tab><Tab>讨论培养考察情况
<F2>
<F2>
<Down><Enter>
<C-u>2026-07-15<Tab>09:00<Tab><Tab><Tab><Tab><Tab><Tab><Tab>讨论确定发展对象
<F2>
<F2>
<Enter>
<C-u>2026-09-20<Tab>09:00<Tab><Tab><Tab><Tab><Tab><Tab><Tab>讨论接收预备党员
<F2>
KEYS
expect_eq "three meetings" "$(sql "$DB" "select group_concat(kind||' '||date, ', ') from (select * from meeting order by date)")" \
    "committee 2025-07-10, theme_day 2025-07-15, committee 2026-05-10, committee 2026-07-15, general 2026-09-20"

# ---- a new applicant: the form, a birth after the application refused ----
run_script applicant 80x24 <<'KEYS'
0
:dump empty.txt
z
:dump z.txt
<Esc>
<F2>
张小华<Tab><Right><Tab>2025-07-01<Tab><Tab><Tab><Tab>13800138000<Tab><C-u>2025-06-01
<F2>
:dump late_birth.txt
<BTab><BTab><BTab><BTab><BTab><C-u>1998-05-01
<F2>
:dump list.txt
KEYS
expect_rc "the applicant script runs" 0
expect_contains "home key 0: a probationary member admitted before the ledger is listed" "$T/empty.txt" "预备党员     赵四            2025-03-01"
expect_contains "z: the roster's 转正 for them" "$T/z.txt" "赵四 预备期至 2026-03-01"
expect_contains "a birth after the application: the store's sentence" "$T/late_birth.txt" "未保存："
expect_contains "the form stays open" "$T/late_birth.txt" "登记入党申请人"
expect_contains "saved: the status line" "$T/list.txt" "已登记入党申请人：张小华（2025-06-01 递交申请书）"
expect_contains "the applicant in the list with what is due" "$T/list.txt" "入党申请人   张小华"
expect_fits "the pipeline fits 80x24" "$T/list.txt" 80 24
expect_eq "one person, an applicant, with the facts typed" \
    "$(sql "$DB" "select name||'|'||gender||'|'||birth_date||'|'||phone||'|'||stage from candidate")" \
    "张小华|F|1998-05-01|13800138000|applicant"
expect_eq "the application is the first step" "$(sql "$DB" "select kind||' '||date from candidate_step")" "apply 2025-06-01"

# ---- the talk, then the activist: wrong kind, a contact not a full member, then right ----
run_script steps 80x24 <<'KEYS'
0
<Enter>
:dump page.txt
<F2>
:dump kinds.txt
<Enter><C-u>2025-06-20<Enter>
王<Enter>
谈入党动机<Enter>
:dump talk.txt
<F2>
<Enter>
:dump committees.txt
<End><Enter>
:dump every_kind.txt
主<Enter><Enter>
王<Enter>
李<Enter>
:dump wrong_kind.txt
<F2>
<Enter><End><Up><Enter><Enter>
王<Enter>
赵<Enter>
:dump not_full.txt
<F2>
<Enter><End><Up><Enter><Enter>
王<Enter>
李<Enter>
:dump activist.txt
KEYS
expect_rc "the steps script runs" 0
expect_contains "the page: the person's facts" "$T/page.txt" "张小华  女  1998-05-01 生"
expect_contains "the page: the application step" "$T/page.txt" "2025-06-01 递交入党申请书"
# entered on 2026-11-21, more than late_entry_days (7) after its date: 补记, as a late meeting
# record is
expect_contains "the page: a step entered late is 补记" "$T/page.txt" "递交入党申请书（补记）"
expect_contains "the step picker lists the steps" "$T/kinds.txt" "确定为入党积极分子"
expect_contains "the talk recorded" "$T/talk.txt" "已登记：张小华 2025-06-20 入党谈话"
expect_contains "the talk with who talked" "$T/talk.txt" "王一：谈入党动机"
expect_contains "the committee meetings offered" "$T/committees.txt" "2025-07-10 讨论确定入党积极分子"
expect_not_contains "no 主题党日 among the committee meetings" "$T/committees.txt" "主题党日学习"
expect_contains "every kind on asking" "$T/every_kind.txt" "2025-07-15 主题党日 主题党日学习"
expect_contains "a 主题党日 refused: the store's sentence" "$T/wrong_kind.txt" "未登记："
expect_contains "a 主题党日 refused: the store's sentence" "$T/wrong_kind.txt" "未登记：所关联的会议不是支部委员会，确定为入党积极分子须由支部委员会决定"
expect_contains "a probationary contact refused" "$T/not_full.txt" "未登记："
expect_contains "a probationary contact refused: the store's sentence" "$T/not_full.txt" "未登记：培养联系人赵四在2025-07-10不是正式党员"
expect_contains "the activist recorded" "$T/activist.txt" "已登记：张小华 2025-07-10 确定为入党积极分子"
expect_contains "the activist step with its meeting and contacts" "$T/activist.txt" "王一、李二"
expect_fits "the page fits 80x24" "$T/activist.txt" 80 24
expect_eq "the steps: apply, talk, activist (nothing for the refusals)" \
    "$(sql "$DB" "select group_concat(kind||' '||date, ', ') from (select * from candidate_step where voided_at is null order by date)")" \
    "apply 2025-06-01, talk 2025-06-20, activist 2025-07-10"
expect_eq "the activist step's meeting is the committee's, its contacts the two full members" \
    "$(sql "$DB" "select m.kind||' '||m.date||'|'||a.name||'|'||b.name from candidate_step s join meeting m on m.id=s.meeting_id join member a on a.id=s.person_id join member b on b.id=s.person2_id where s.kind='activist'")" \
    "committee 2025-07-10|王一|李二"
expect_eq "the stage follows" "$(sql "$DB" "select stage from candidate")" "activist"

# ---- 发展对象 too early (10 months after the activist; 12 required) ----
run_script early 80x24 <<'KEYS'
0
<Enter>
<F2>
发<Enter>
<Down><Enter><Enter>
:dump early.txt
<Esc>
<Esc>
:dump home_observe.txt
KEYS
expect_contains "too early: the store's sentence with the earliest date" "$T/early.txt" "未登记：确定为入党积极分子（2025-07-10）未满12个月，最早可于2026-07-10确定为发"
expect_contains "too early: not recorded" "$T/early.txt" "未登记："
expect_contains "home: 考察 overdue is reminded" "$T/home_observe.txt" "张小华：考察逾期（应于2025-10-10前）（0 发展党员）"
expect_eq "still an activist, no candidate step" "$(sql "$DB" "select stage, (select count(*) from candidate_step where kind='candidate') from candidate")" "activist|0"

# ---- on to 发展对象 and the admission: a vote that did not carry refused, then admitted ----
run_script admit 80x24 <<'KEYS'
0
<Enter>
<F2>
发<Enter>
<Enter><Enter>
:dump candidate.txt
<F2>
政<Enter><C-u>2026-08-01<Enter><Enter>
<F2>
训<Enter><C-u>2026-08-20<Enter><Enter>
<F2>
示<Enter><C-u>2026-09-01<Enter><Enter>
<F2>
接<Enter>
:dump generals.txt
<Enter><Enter><C-u>1<Enter><Enter><Enter><Enter>
:dump vote.txt
<F2>
接<Enter><Enter><Enter><C-u>2<Enter><Enter><Enter>
:dump confirm.txt
<Enter>
:dump admitted.txt
<Enter>
:dump detail.txt
<Esc>
z
:dump z2.txt
KEYS
expect_contains "发展对象 at the 2026-07-15 支委会" "$T/candidate.txt" "已登记：张小华 2026-07-15 确定为发展对象"
expect_contains "the admission offers the 支部党员大会" "$T/generals.txt" "2026-09-20 讨论接收预备党员"
expect_contains "a vote that did not carry: the store's sentence" "$T/vote.txt" "未登记：赞成票1未超过应到会有表决权党员2人的半数，决议未通过"
expect_contains "the admission asked first" "$T/confirm.txt" "确认于 2026-09-20 接收 张小华 为预备党员？"
expect_contains "admitted" "$T/admitted.txt" "已登记：张小华 2026-09-20 接收为预备党员"
expect_contains "the admission's vote on the page" "$T/admitted.txt" "赞成2 反对0 弃权0"
expect_contains "Enter: the step in full, its meeting" "$T/detail.txt" "决定的会议：2026-09-20 支部党员大会"
expect_contains "Enter: the step in full, its vote" "$T/detail.txt" "赞成2 反对0 弃权0"
expect_contains "z: the roster's 转正 for the admitted member" "$T/z2.txt" "张小华 预备期至 2027-09-20"
expect_eq "the roster holds her as probationary from the meeting's date" \
    "$(sql "$DB" "select m.name||'|'||m.status||'|'||m.join_date from member m join candidate c on c.member_id=m.id")" \
    "张小华|probationary|2026-09-20"
expect_eq "the steps of the person, in order" \
    "$(sql "$DB" "select group_concat(kind, ' ') from (select kind from candidate_step where voided_at is null order by date, id)")" \
    "apply talk activist candidate review training publicity admit"

# ---- a second applicant, a step voided with a reason ----
run_script second 80x24 <<'KEYS'
0
<F2>
刘小燕<Tab><Right><Tab>2000-03-08<Tab><Tab><Tab><Tab><Tab><C-u>2026-11-02
<F2>
<Enter>
<F2>
<Enter><C-u>2026-11-10<Enter>
王<Enter>
<Enter>
<F8>
写错了日期<Enter>
:dump voided.txt
<Esc>
<Esc>
:dump home.txt
KEYS
expect_contains "the voided step is marked" "$T/voided.txt" "（作废）入党谈话"
expect_eq "the talk voided with its reason kept" \
    "$(sql "$DB" "select count(*) from candidate_step s join candidate c on c.id=s.candidate_id where c.name='刘小燕' and s.kind='talk' and s.voided_at is not null and s.void_reason='写错了日期'")" "1"
expect_contains "home: the pipeline module on key 0" "$T/home.txt" " 0  发展党员"
expect_contains "home: the talk due is reminded, where to go said" "$T/home.txt" "刘小燕：应于2026-12-02前入党谈话（0 发展党员）"
expect_contains "home: the approval due is reminded" "$T/home.txt" "张小华：应于2026-12-20前报上级党委审批（0 发展党员）"

# ---- the facts edited (e); an applicant under 18 refused ----
run_script edit 80x24 <<'KEYS'
0
<Enter>
e
<Tab><Tab><Tab><Tab><Tab><Tab>13912345678
<F2>
:dump edited.txt
<Esc>
<F2>
王小小<Tab><Tab>2010-01-01<Tab><Tab><Tab><Tab><Tab><C-u>2026-11-01
<F2>
:dump young.txt
KEYS
expect_contains "the facts saved" "$T/edited.txt" "已保存：刘小燕"
expect_contains "the page shows the new phone" "$T/edited.txt" "13912345678"
expect_eq "the phone changed in the database" "$(sql "$DB" "select phone from candidate where name='刘小燕'")" "13912345678"
expect_contains "an applicant under 18: refused" "$T/young.txt" "未保存：递交入党申请书时未满18周岁"
expect_eq "nobody saved for it" "$(sql "$DB" "select count(*) from candidate where name='王小小'")" "0"

# ---- the month's review: a step whose meeting was voided afterwards opens the person's page ----
run_script review 80x24 <<'KEYS'
1
<F2>
<Down><Enter>
<C-u>2026-11-15<Tab>09:00<Tab><Tab><Tab><Tab><Tab><Tab><Tab>讨论确定入党积极分子
<F2>
<Esc>
0
<Enter>
<F2>
<Enter><C-u>2026-11-10<Enter>
王<Enter>
<Enter>
<F2>
<Enter><Enter><Enter>
王<Enter>
李<Enter>
:dump activist2.txt
<Esc>
<Esc>
1
<F8>
重复登记<Enter>
<Enter>
<Esc>
5
<Down><Enter>
:dump month.txt
<Down><Down><Down><Down><Down><Down><Down><Down><Down>
<Enter>
:dump from_review.txt
<Esc>
:dump back_review.txt
KEYS
expect_contains "the second activist recorded" "$T/activist2.txt" "已登记：刘小燕 2026-11-15 确定为入党积极分子"
expect_contains "the month's review lists the step without its meeting" "$T/month.txt" "1个发展党员步骤未关联作出决定的会议记录"
expect_contains "Enter on it opens the person's page" "$T/from_review.txt" "刘小燕  女  2000-03-08 生"
expect_contains "the step is there, its meeting voided" "$T/from_review.txt" "2026-11-15 确定为入党积极分子         支部委员会（作废）"
expect_contains "Esc goes back to the review" "$T/back_review.txt" "2026年11月自查"

# ---- a person entered by mistake voided (a reason); an admitted one cannot be ----
run_script voidperson 80x24 <<'KEYS'
0
<F2>
王错<Tab><Tab>1990-01-01<Tab><Tab><Tab><Tab><Tab><C-u>2026-11-01
<F2>
<F8>
:dump void_ask.txt
误登记，实为外村人员<Enter>
:dump void_done.txt
<End><F8>
:dump void_admitted.txt
KEYS
expect_contains "voiding a person asks the reason" "$T/void_ask.txt" "作废原因"
expect_contains "voided: the status line" "$T/void_done.txt" "已作废 王错（误登记，实为外村人员）"
expect_not_contains "voided: gone from the list" "$T/void_done.txt" "王错    "
expect_eq "the row kept with its reason" "$(sql "$DB" "select void_reason from candidate where name='王错' and voided_at is not null")" "误登记，实为外村人员"
expect_contains "an admitted person cannot be voided here" "$T/void_admitted.txt" "张小华 已接收为预备党员，不能作废"
expect_eq "she is not voided" "$(sql "$DB" "select count(*) from candidate where name='张小华' and voided_at is null")" "1"

# ---- 中止培养: a step with its reason; hidden, then listed with F4 ----
run_script stop 80x24 <<'KEYS'
0
<F2>
孙停<Tab><Tab>1992-02-02<Tab><Tab><Tab><Tab><Tab><C-u>2026-10-01
<F2>
<Enter>
<F2>
止<Enter><C-u>2026-11-20<Enter>
本人申请撤回入党申请<Enter>
:dump stop_confirm.txt
<Enter>
:dump stopped.txt
<Esc>
:dump list_nostop.txt
<F4>
:dump list_stop.txt
KEYS
expect_contains "a stop asked first" "$T/stop_confirm.txt" "确认于 2026-11-20 中止对 孙停 的培养？"
expect_contains "the stop recorded with its reason" "$T/stopped.txt" "本人申请撤回入党申请"
expect_contains "the stage: stopped" "$T/stopped.txt" "阶段：已中止"
expect_not_contains "stopped: not in the list" "$T/list_nostop.txt" "孙停"
expect_contains "F4: listed with those stopped" "$T/list_stop.txt" "已中止       孙停"
expect_eq "the stage in the database" "$(sql "$DB" "select stage from candidate where name='孙停'")" "stopped"

# ---- a reviewer reads, cannot add ----
"$ZHIBU" user add --db "$DB" --as admin --as-password-file "$PW" --login shencha --name 审查员 \
    --role reviewer --password-file "$PW" >"$T/user.out" 2>&1 || fail "reviewer" "$(cat "$T/user.out")"
login_as shencha
run_script reviewer 80x24 <<'KEYS'
0
:dump rlist.txt
<F2>
:dump rf2.txt
<Enter>
:dump rpage.txt
<F2>
:dump rpage_f2.txt
KEYS
expect_eq "reviewer: the bar has no F2, F8, z" "$(tail -n 1 "$T/rlist.txt" | sed 's/ *$//')" "F1帮助 F4含已中止 F10退出"
expect_contains "reviewer: F2 refused at once" "$T/rf2.txt" "F2 新申请人不可用"
expect_contains "reviewer: the person's page opens" "$T/rpage.txt" "刘小燕  女  2000-03-08 生"
expect_contains "reviewer: no step recorded" "$T/rpage_f2.txt" "F2 记录下一步不可用"
expect_eq "the reviewer wrote nothing" "$(sql "$DB" "select count(*) from candidate_step where created_by='shencha'")" "0"

