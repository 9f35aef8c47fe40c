/* store_json.h — the JSON of one row of each journaled table, as history records it (old and
 * new values) and as verification recomputes it: one SELECT per table, bound with ?1 = the row
 * id, single column. Private to src/store/. One definition here so that the writer and the
 * checker cannot drift apart. */
#ifndef ZHIBU_STORE_JSON_H
#define ZHIBU_STORE_JSON_H

/* branch.c — dues_start: the ledger's first month of dues (store_dues_start_set) */
#define BRANCH_JSON                                                                            \
    "SELECT json_object('code', code, 'name', name, 'type', type, 'parent_id', parent_id,"     \
    " 'theme_day', theme_day, 'dues_start', dues_start, 'updated_at', updated_at)"            \
    " FROM branch WHERE id = ?1"

/* dues.c */
#define BASIS_JSON                                                                             \
    "SELECT json_object('member_id', member_id, 'from_month', from_month, 'category',"         \
    " category, 'base_fen', base_fen, 'note', note, 'updated_at', updated_at)"                  \
    " FROM dues_basis WHERE id = ?1"

/* dues.c */
#define ADJUST_JSON                                                                            \
    "SELECT json_object('member_id', member_id, 'from_month', from_month, 'to_month',"         \
    " to_month, 'kind', kind, 'amount', amount, 'approved_by', approved_by, 'reason', reason,"  \
    " 'voided_at', voided_at, 'void_reason', void_reason, 'voided_by', voided_by,"              \
    " 'updated_at', updated_at) FROM dues_adjust WHERE id = ?1"

/* dues.c */
#define PAYMENT_JSON                                                                           \
    "SELECT json_object('member_id', member_id, 'branch_id', branch_id, 'paid_date',"          \
    " paid_date, 'receipt_no', receipt_no, 'from_month', from_month, 'to_month', to_month,"     \
    " 'amount', amount, 'note', note, 'voided_at', voided_at, 'void_reason', void_reason,"      \
    " 'voided_by', voided_by, 'updated_at', updated_at, 'allocations', json((SELECT"            \
    " json_group_array(json_object('month', month, 'amount', amount)) FROM (SELECT month,"      \
    " amount FROM dues_allocation WHERE payment_id = ?1 ORDER BY month))))"                     \
    " FROM dues_payment WHERE id = ?1"

/* group.c — start_date, end_date: schema 9 (st_group_dates_baseline) */
#define GROUP_JSON                                                                             \
    "SELECT json_object('branch_id', branch_id, 'name', name, 'leader_id', leader_id,"         \
    " 'start_date', start_date, 'end_date', end_date,"                                         \
    " 'voided_at', voided_at, 'void_reason', void_reason, 'updated_at', updated_at)"           \
    " FROM party_group WHERE id = ?1"

/* lifecycle.c */
#define MOBILE_JSON                                                                            \
    "SELECT json_object('member_id', member_id, 'destination', destination, 'since', since,"   \
    " 'card_no', card_no, 'contact_person', contact_person, 'contact_phone', contact_phone,"    \
    " 'ended_at', ended_at, 'updated_at', updated_at) FROM member_mobile WHERE id = ?1"

/* lifecycle.c */
#define CONTACT_JSON                                                                           \
    "SELECT json_object('member_id', member_id, 'date', date, 'way', way, 'note', note)"       \
    " FROM mobile_contact WHERE id = ?1"

/* lifecycle.c */
#define TRANSFER_JSON                                                                          \
    "SELECT json_object('member_id', member_id, 'direction', direction, 'date', date,"         \
    " 'place', place, 'letter_no', letter_no, 'dues_paid_through', dues_paid_through,"          \
    " 'note', note) FROM member_transfer WHERE id = ?1"

/* lifecycle.c: 延长预备期 / 取消预备党员资格 (issue 14) */
#define PROBATION_JSON                                                                         \
    "SELECT json_object('member_id', member_id, 'kind', kind, 'date', date,"                   \
    " 'meeting_id', meeting_id, 'until', until, 'reason', reason)"                             \
    " FROM probation_decision WHERE id = ?1"

/* meeting.c */
#define MEETING_JSON                                                                           \
    "SELECT json_object('branch_id', branch_id, 'group_id', group_id, 'kind', kind,"           \
    " 'also_mask', also_mask, 'date', date, 'start_time', start_time, 'end_time', end_time,"   \
    " 'place', place, 'host_id', host_id, 'recorder_id', recorder_id,"                         \
    " 'lecturer_id', lecturer_id, 'lecturer_name', lecturer_name, 'election', election,"       \
    " 'topics', topics, 'minutes', minutes, 'observers', observers,"                           \
    " 'no_resolutions', no_resolutions, 'plan_id', plan_id, 'expected', expected,"             \
    " 'present', present, 'on_leave', on_leave, 'absent', absent,"                             \
    " 'voting_expected', voting_expected, 'voting_present', voting_present, 'quorum', quorum," \
    " 'missing_mask', missing_mask, 'updated_at', updated_at, 'voided_at', voided_at,"         \
    " 'void_reason', void_reason, 'voided_by', voided_by,"                                     \
    " 'attendance', json((SELECT json_group_array(json_object('member_id', member_id,"         \
    "   'voting', voting, 'mark', mark, 'reason', reason, 'excused', excused))"                \
    "   FROM (SELECT * FROM meeting_attendance WHERE meeting_id = ?1 ORDER BY seq, member_id))),"\
    " 'resolutions', json((SELECT json_group_array(json_object('seq', seq, 'text', text,"      \
    "   'votes_for', votes_for, 'votes_against', votes_against,"                               \
    "   'votes_abstain', votes_abstain))"                                                      \
    "   FROM (SELECT * FROM meeting_resolution WHERE meeting_id = ?1 ORDER BY seq))))"         \
    " FROM meeting WHERE id = ?1"

/* meeting.c */
#define PLAN_JSON                                                                              \
    "SELECT json_object('branch_id', branch_id, 'kind', kind, 'group_id', group_id,"           \
    " 'date', date, 'topic', topic, 'meeting_id', meeting_id, 'voided_at', voided_at,"         \
    " 'void_reason', void_reason, 'voided_by', voided_by, 'updated_at', updated_at)"           \
    " FROM meeting_plan WHERE id = ?1"

/* member.c */
#define MEMBER_JSON                                                                            \
    "SELECT json_patch(json_object('branch_id', branch_id, 'group_id', group_id, 'name', name,"\
    " 'gender', gender, 'birth_date', birth_date, 'ethnicity', ethnicity,"                     \
    " 'education', education, 'phone', phone, 'join_date', join_date,"                         \
    " 'full_date', full_date, 'status', status, 'dues_category', dues_category,"               \
    " 'office', office, 'mobile', mobile, 'leave_status', leave_status,"                       \
    " 'leave_date', leave_date, 'leave_reason', leave_reason, 'note', note,"                   \
    " 'full_meeting_id', full_meeting_id, 'updated_at', updated_at), iif(category = '', '{}',"   \
    " json_object('category', category))) FROM member WHERE id = ?1"

/* posts.c */
#define POST_JSON                                                                              \
    "SELECT json_object('branch_id', branch_id, 'category', category, 'name', name,"           \
    " 'duties', duties, 'wanted', wanted, 'active_from', active_from, 'active_to', active_to,"  \
    " 'voided_at', voided_at, 'void_reason', void_reason, 'updated_at', updated_at)"            \
    " FROM post WHERE id = ?1"

/* posts.c */
#define HOLDING_JSON                                                                           \
    "SELECT json_object('post_id', post_id, 'member_id', member_id, 'how', how,"               \
    " 'claimed', claimed, 'pledge', pledge, 'noticed', noticed, 'ended', ended,"                \
    " 'end_reason', end_reason, 'updated_at', updated_at) FROM post_holding WHERE id = ?1"

/* posts.c */
#define REPORT_JSON                                                                            \
    "SELECT json_object('holding_id', holding_id, 'date', date, 'venue', venue,"               \
    " 'content', content, 'meeting_id', meeting_id) FROM post_report WHERE id = ?1"

/* posts.c */
#define REVIEW_JSON                                                                            \
    "SELECT json_object('holding_id', holding_id, 'period_start', period_start,"               \
    " 'period_end', period_end, 'rating', rating, 'comment', comment, 'date', date,"            \
    " 'reward', reward) FROM post_review WHERE id = ?1"

/* posts.c */
#define EXCUSE_JSON                                                                            \
    "SELECT json_object('member_id', member_id, 'reason', reason, 'since', since,"             \
    " 'ended_at', ended_at, 'updated_at', updated_at) FROM post_excuse WHERE id = ?1"

/* review.c — the engine's result kept with a verdict ('engine') and the problem kept with an
 * order ('problem', schema 9) are in the JSON only when set, so that rows from before keep
 * the JSON their journal entries hold. */
#define VERDICT_JSON                                                                           \
    "SELECT json_patch(json_object('branch_id', branch_id, 'month', month, 'item', item,"      \
    " 'verdict', verdict, 'comment', comment, 'deadline', deadline, 'reviewer', reviewer,"      \
    " 'updated_at', updated_at), CASE WHEN engine_json <> '{}' THEN json_object('engine',"     \
    " json(engine_json)) ELSE '{}' END) FROM audit_verdict WHERE id = ?1"

/* review.c */
#define RECTIFY_JSON                                                                           \
    "SELECT json_patch(json_object('branch_id', branch_id, 'month', month, 'item', item,"      \
    " 'order_text', order_text, 'deadline', deadline, 'status', status, 'done_note',"          \
    " done_note, 'done_at', done_at, 'done_by', done_by, 'confirmed_at', confirmed_at,"         \
    " 'confirmed_by', confirmed_by, 'return_note', return_note, 'updated_at', updated_at),"     \
    " CASE WHEN problem <> '' THEN json_object('problem', problem) ELSE '{}' END)"              \
    " FROM rectification WHERE id = ?1"

/* review.c */
#define HANDIN_JSON                                                                            \
    "SELECT json_object('branch_id', branch_id, 'month', month, 'handed_at', handed_at,"       \
    " 'handed_by', handed_by, 'snapshot', json(snapshot_json), 'notes', json(notes_json))"      \
    " FROM handin WHERE id = ?1"

/* user.c — the failed-login count, the lockout and the last login are left out: they change
 * with every attempt and are recorded as entries of their own ("login", "login_failed",
 * "locked"). The password is not kept in history, not even as its hash (an old hash is an old
 * password to guess at, and people reuse passwords): 'password' is zb_password_mark(pw_hash),
 * a BLAKE2b digest of the stored argon2id string (user.c). It changes whenever the password
 * does, so history shows that it changed, and verify still finds a hash replaced behind
 * zhibu's back; it gives nothing to guess against (the salt is not in it). Databases from
 * before issue 13 keep their old entries, which held the hash itself (pw_hash): they are
 * evidence and stay; st_user_json_baseline adds one entry per account on the first open, and
 * verify takes an old entry's hash for the mark it stands for (st_user_json_legacy_match).
 * station_id (schema 11, an inspector's station) is in the JSON only when set, so that the
 * accounts from before keep the JSON their entries hold. */
#define USER_JSON                                                                              \
    "SELECT json_patch(json_object('login', login, 'display_name', display_name, 'role', role,"\
    " 'branch_id', branch_id, 'password', zb_password_mark(pw_hash), 'disabled', disabled,"     \
    " 'updated_at', updated_at), CASE WHEN station_id IS NOT NULL THEN json_object("           \
    " 'station_id', station_id) ELSE '{}' END) FROM app_user WHERE id = ?1"

/* office.c — the office's identity: its public fields only, never the secret key. The
 * expression alone (columns of office_key unqualified) for office.c's check of the test mark. */
#define OFFICE_KEY_JSON_EXPR                                                                   \
    "json_object('public_key', public_key, 'test_clock', test_clock, 'created_at', created_at)"
#define OFFICE_KEY_JSON "SELECT " OFFICE_KEY_JSON_EXPR " FROM office_key WHERE id = ?1"

/* auth.c — 申请修改 (a change to a month that has a verdict) */
#define AMEND_JSON                                                                             \
    "SELECT json_object('branch_id', branch_id, 'month', month, 'table_name', table_name,"     \
    " 'row_uuid', row_uuid, 'reason', reason, 'history_after', history_after, 'updated_at',"    \
    " updated_at) FROM amend_request WHERE id = ?1"

/* office.c — an office registered for a branch and role (trust on first use) */
#define PEER_JSON                                                                              \
    "SELECT json_object('branch_id', branch_id, 'role', role, 'office_uuid', office_uuid,"     \
    " 'office_kind', office_kind, 'office_name', office_name, 'public_key', public_key,"        \
    " 'fingerprint', fingerprint, 'updated_at', updated_at) FROM office_peer WHERE id = ?1"

/* district_db.c — a guidance station (at a district; chain 0) */
#define STATION_JSON                                                                           \
    "SELECT json_object('name', name, 'updated_at', updated_at) FROM station WHERE id = ?1"

/* district_db.c — a township registered at a district (chain 0) */
#define TOWNSHIP_JSON                                                                          \
    "SELECT json_object('code', code, 'name', name, 'fingerprint', fingerprint, 'office_uuid',"\
    " office_uuid, 'public_key', public_key, 'station_id', station_id, 'updated_at',"          \
    " updated_at) FROM township WHERE id = ?1"

/* district_db.c — which township sends a branch (the branch's chain) */
#define TOWNSHIP_BRANCH_JSON                                                                   \
    "SELECT json_object('branch_id', branch_id, 'township_id', township_id, 'updated_at',"     \
    " updated_at) FROM township_branch WHERE id = ?1"

/* district_db.c — the district a township reports to (chain 0) */
#define DISTRICT_OFFICE_JSON                                                                   \
    "SELECT json_object('name', name, 'fingerprint', fingerprint, 'office_uuid', office_uuid,"  \
    " 'public_key', public_key, 'updated_at', updated_at) FROM district_office WHERE id = ?1"

/* district_verdict_db.c — 复审: the district's verdict (the branch's chain); the engine's result
 * only when set, as VERDICT_JSON */
#define DISTRICT_VERDICT_JSON                                                                  \
    "SELECT json_patch(json_object('branch_id', branch_id, 'month', month, 'item', item,"      \
    " 'verdict', verdict, 'township_verdict', township_verdict, 'comment', comment,"           \
    " 'sent_back', sent_back, 'reviewer', reviewer, 'updated_at', updated_at),"                \
    " CASE WHEN engine_json <> '{}' THEN json_object('engine', json(engine_json)) ELSE '{}'"   \
    " END) FROM district_verdict WHERE id = ?1"

/* spot_check_db.c — 督查 (the branch's chain) */
#define SPOT_CHECK_JSON                                                                        \
    "SELECT json_object('branch_id', branch_id, 'station', station, 'date', date,"             \
    " 'inspectors', inspectors, 'inspected', inspected, 'result', result, 'findings',"         \
    " findings, 'voided_at', voided_at, 'void_reason', void_reason, 'updated_at', updated_at)" \
    " FROM spot_check WHERE id = ?1"

/* issue 19 (people_schema.h). The member's category (人员类别) is in MEMBER_JSON only when it is
 * not "": rows written before version 12 keep the JSON the journal holds for them. */
#define CANDIDATE_JSON                                                                         \
    "SELECT json_object('branch_id', branch_id, 'name', name, 'gender', gender, 'birth_date',"  \
    " birth_date, 'ethnicity', ethnicity, 'education', education, 'category', category,"        \
    " 'phone', phone, 'stage', stage, 'member_id', member_id, 'note', note, 'voided_at',"       \
    " voided_at, 'void_reason', void_reason, 'updated_at', updated_at)"                        \
    " FROM candidate WHERE id = ?1"

#define CANDIDATE_STEP_JSON                                                                    \
    "SELECT json_object('candidate_id', candidate_id, 'kind', kind, 'date', date,"             \
    " 'meeting_id', meeting_id, 'person_id', person_id, 'person2_id', person2_id,"             \
    " 'votes_for', votes_for, 'votes_against', votes_against, 'votes_abstain', votes_abstain," \
    " 'note', note, 'voided_at', voided_at, 'void_reason', void_reason, 'updated_at',"         \
    " updated_at) FROM candidate_step WHERE id = ?1"

#define APPRAISAL_RESULT_JSON                                                                  \
    "SELECT json_object('meeting_id', meeting_id, 'member_id', member_id, 'result', result,"   \
    " 'follow_up', follow_up, 'follow_up_date', follow_up_date, 'follow_up_note',"             \
    " follow_up_note, 'updated_at', updated_at) FROM appraisal_result WHERE id = ?1"

#define COMMITTEE_TERM_JSON                                                                    \
    "SELECT json_object('branch_id', branch_id, 'elected_date', elected_date, 'term_years',"   \
    " term_years, 'meeting_id', meeting_id, 'note', note, 'voided_at', voided_at,"             \
    " 'void_reason', void_reason, 'updated_at', updated_at) FROM committee_term WHERE id = ?1"

#define OFFICE_TERM_JSON                                                                       \
    "SELECT json_object('member_id', member_id, 'office', office, 'from_date', from_date,"     \
    " 'to_date', to_date, 'term_id', term_id, 'updated_at', updated_at)"                       \
    " FROM office_term WHERE id = ?1"

#define REMITTANCE_JSON                                                                        \
    "SELECT json_object('branch_id', branch_id, 'date', date, 'from_month', from_month,"       \
    " 'to_month', to_month, 'amount_fen', amount_fen, 'receipt', receipt, 'note', note,"       \
    " 'voided_at', voided_at, 'void_reason', void_reason, 'updated_at', updated_at)"           \
    " FROM dues_remittance WHERE id = ?1"

#endif
