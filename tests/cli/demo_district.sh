#!/bin/sh
# zhibu demo --district (issue 18): a district made from its townships' month bundles — the
# townships registered with their fingerprints, every branch in exactly one township, both levels'
# verdicts (some disagreeing, some sent back), stations and spot checks, the accounts; verify;
# the same seed gives the same content; bad input refused; no temporary files left.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$T/tmp"
DB=$T/district.db
TMPDIR=$T/tmp run_zhibu demo --district --db "$DB"
expect_rc "demo --district creates a database" 0
expect_contains "it says what it made" "$T/err" "已创建区县演示数据库 $DB：4 个乡镇、2 个指导站、16 个支部，导入"
expect_eq "its temporary townships and bundles are removed" "$(ls -A "$T/tmp")" ""

q() { sql "$DB" "$1"; }
expect_eq "a district's database" "$(q "select value from meta where key = 'office_kind'")" "district"
expect_eq "four townships, 红旗镇党委 first, distinct names and codes" \
    "$(q "select count(*), count(distinct name), count(distinct code), min(name like '%镇党委')
          from township")|$(q "select name from township order by code limit 1")" "4|4|4|1|红旗镇党委"
expect_eq "each registered with a fingerprint, distinct, and the key of its bundles learnt" \
    "$(q "select count(distinct fingerprint), sum(fingerprint glob '????-????-????-????'),
          sum(public_key <> ''), sum(office_uuid <> '') from township")" "4|4|4|4"
expect_eq "two guidance stations, each with townships" \
    "$(q "select count(*) from station")|$(q "select count(distinct station_id) from township
          where station_id is not null")|$(q "select count(*) from township where station_id is null")" "2|2|0"

LEAVES="select id from branch b where not exists (select 1 from branch c where c.parent_id = b.id)"
expect_eq "16 village branches (a branch per township at least), each in exactly one township" \
    "$(q "select count(*) from ($LEAVES)")|$(q "select count(*) from ($LEAVES) l join township_branch tb
          on tb.branch_id = l.id")|$(q "select count(*) from township t where not exists
          (select 1 from township_branch tb where tb.township_id = t.id)")" "16|16|0"
expect_eq "a branch's township is the one whose codes it carries (no branch sent by another)" \
    "$(q "select count(*) from township_branch tb join branch b on b.id = tb.branch_id
          join township t on t.id = tb.township_id where substr(b.code, 1, 6) <> substr(t.code, 1, 6)")" "0"
expect_eq "branch codes distinct across the townships" \
    "$(q "select count(*) = count(distinct code) from branch")" "1"

# the townships' verdicts (arrived in their bundles) and the district's beside them
expect_eq "every branch's three months reviewed by its township (overall verdicts)" \
    "$(q "select count(*), count(distinct month) from audit_verdict where item = 'overall'")" "48|3"
expect_eq "townships' verdicts of every kind but passed mostly" \
    "$(q "select sum(verdict = 'pass') > count(*) / 2, sum(verdict <> 'pass') > 0 from audit_verdict
          where item = 'overall'")" "1|1"
expect_eq "the district re-reviewed every branch of the month before last and part of the last" \
    "$(q "select count(*) from district_verdict where item = 'overall' and month = '2026-09'")|$(q "select
          count(*) between 1 and 15 from district_verdict where item = 'overall' and month = '2026-10'")" "16|1"
expect_eq "the district's verdict beside the township's, as the township's stood" \
    "$(q "select count(*) from district_verdict d join audit_verdict a on a.branch_id = d.branch_id
          and a.month = d.month and a.item = d.item where d.township_verdict <> a.verdict")" "0"
overturned=$(q "select count(*) from district_verdict where verdict <> township_verdict")
expect_eq "some overturned, each with a comment; the rest agree" \
    "$([ "$overturned" -ge 1 ] && echo yes)|$(q "select count(*) from district_verdict
          where verdict <> township_verdict and comment = ''")|$(q "select sum(verdict = township_verdict) > 0
          from district_verdict")" "yes|0|1"
expect_eq "one or two of the last month sent back to the township, with the finding" \
    "$(q "select count(*) between 1 and 2, min(length(comment) > 10), min(month) from district_verdict
          where sent_back = 1")" "1|1|2026-10"

expect_eq "spot checks by every station, on branches of its townships, one with findings" \
    "$(q "select count(distinct c.station), sum(c.result = 'issues') >= 1, min(c.result = 'consistent' or c.findings <> '')
          from spot_check c")|$(q "select count(*) from spot_check c join township_branch tb on tb.branch_id = c.branch_id
          join township t on t.id = tb.township_id join station s on s.id = t.station_id where s.name <> c.station")" "2|1|1|0"
expect_eq "spot checks dated in the last weeks, none in the future" \
    "$(q "select count(*) from spot_check where date > '2026-11-21' or date < '2026-10-01'")" "0"

expect_eq "the accounts: admin, quxian (district reviewer), ducha1, ducha2 (inspectors of a station)" \
    "$(q "select group_concat(login || ':' || role || ':' || (station_id is not null), ' ')
          from (select * from app_user order by login)")" \
    "admin:admin:0 ducha1:inspector:1 ducha2:inspector:1 quxian:reviewer:0"
printf 'demo1234\n' >"$T/pw"
printf ':dump home.txt\n' >"$T/home.keys"
(cd "$T" && run_zhibu --db "$DB" --user quxian --password-file "$T/pw" --script "$T/home.keys" --size 80x24)
expect_rc "quxian logs in with demo1234" 0

run_zhibu verify --db "$DB"
expect_rc "zhibu verify: exit 0" 0
expect_contains "zhibu verify: 完整" "$T/out" "完整"
expect_not_contains "zhibu verify: no time going backwards (the townships' reviews back-dated in order)" "$T/out" "时间倒退"

# the townships worked in time: each month reviewed on the 5th of the next, the orders put right
# mostly by their deadline, most confirmed; the last ones still open
expect_eq "reviewed on the 5th of the month after" \
    "$(q "select count(*) from audit_verdict where substr(updated_at, 1, 10) <> date(month || '-01', '+1 month', '+4 days')")" "0"
expect_eq "orders: some done on time, some confirmed, some still open" \
    "$(q "select sum(done_at <> '' and substr(done_at, 1, 10) <= deadline) > 0, sum(status = 'confirmed') > 0,
          sum(status = 'open') > 0 from rectification")" "1|1|1"

# the same seed: the same content (keys, UUIDs and timestamps aside); another seed: another
fingerprint() {
    sql "$1" "
    select code, name, type from branch order by code;
    select t.code, t.name, ifnull(s.name, '') from township t left join station s on s.id = t.station_id order by t.code;
    select b.code, t.code from township_branch tb join branch b on b.id = tb.branch_id
      join township t on t.id = tb.township_id order by b.code;
    select b.code, count(m.id) from branch b left join member m on m.branch_id = b.id group by b.id order by b.code;
    select b.code, m.date, m.kind from meeting m join branch b on b.id = m.branch_id order by b.code, m.date, m.kind;
    select b.code, a.month, a.item, a.verdict, a.comment, a.deadline from audit_verdict a
      join branch b on b.id = a.branch_id order by b.code, a.month, a.item;
    select b.code, d.month, d.item, d.verdict, d.township_verdict, d.comment, d.sent_back from district_verdict d
      join branch b on b.id = d.branch_id order by b.code, d.month, d.item;
    select b.code, c.station, c.date, c.inspectors, c.inspected, c.result, c.findings from spot_check c
      join branch b on b.id = c.branch_id order by b.code, c.date, c.station;
    select login, role, display_name from app_user order by login;" | md5sum
}
DB2=$T/district2.db
TMPDIR=$T/tmp run_zhibu demo --district --db "$DB2"
expect_rc "the same seed again" 0
expect_eq "the same seed gives the same content" "$(fingerprint "$DB2")" "$(fingerprint "$DB")"
DB3=$T/district3.db
TMPDIR=$T/tmp run_zhibu demo --district --db "$DB3" --seed 7 --townships 3 --branches 7 --years 0
expect_rc "another seed and scale" 0
expect_eq "3 townships, 7 branches spread 3+2+2" \
    "$(sql "$DB3" "select group_concat(n, '+') from (select count(*) n from township_branch
          group by township_id order by township_id)")" "3+2+2"
if [ "$(fingerprint "$DB3")" != "$(fingerprint "$DB")" ]; then ok "another seed, another district"; else
    fail "another seed, another district" "same content"; fi

# bad input: nothing created, nothing overwritten
for bad in "--townships 0" "--townships 41" "--townships x" "--branches 0" "--branches 3 --townships 4"; do
    # shellcheck disable=SC2086
    TMPDIR=$T/tmp run_zhibu demo --district --db "$T/bad.db" $bad
    expect_rc "refused: --district $bad" 2
    expect_eq "no file for --district $bad" "$(ls "$T/bad.db" 2>/dev/null)" ""
done
expect_contains "the reason for too few branches" "$T/err" "--branches（3）不能少于乡镇数（4）"
run_zhibu demo --db "$T/bad.db" --townships 3
expect_rc "--townships without --district refused" 2
expect_contains "saying it needs --district" "$T/err" "--townships 只用于 --district"
before=$(md5sum <"$DB")
TMPDIR=$T/tmp run_zhibu demo --district --db "$DB"
expect_rc "an existing database is refused" 1
expect_contains "saying it will not overwrite" "$T/err" "已存在，demo 不会覆盖已有数据"
expect_eq "and left as it was" "$(md5sum <"$DB")" "$before"
# a failure half-way (no temporary directory can be made) leaves no partial district behind
TMPDIR=$T/missing/dir run_zhibu demo --district --db "$T/half.db"
expect_rc "no temporary directory: refused" 1
expect_eq "no partial database left" "$(ls "$T"/half.db* 2>/dev/null)" ""
