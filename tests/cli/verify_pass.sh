#!/bin/sh
# zhibu verify compares each chain's rows with the newest values its walk kept (issue 17): every
# change made with the sqlite3 shell is still found, named and listed in the order of before —
# chain problems by entry number, rows table by table by id — whichever chain is walked first:
# rows changed in two branches (the later branch holding the smaller id), a row deleted, a row
# added without an entry, an entry deleted, a row put back to the value before its newest entry
# (an update), entries rewritten in two chains, more problems than are listed (the first 16 by
# table and id), a row whose newest entry lies in another branch's chain (an entry written there
# with its hash recomputed, as someone who knows the hash would: named as changed; the same
# entry holding the row's value: 完整), and a township's imported branch with a row changed.
# Each also with --branch where it applies.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB" --seed 5
expect_rc "demo" 0
fresh() { cp "$DB" "$T/t.db"; rm -f "$T/t.db-wal" "$T/t.db-shm"; }
short() { echo "$1" | cut -c1-8; }
# problems — the output's problem lines (without the counts and warnings)
problems() { grep -v '^不完整：\|^完整\|^已校验\|^警告\|^时间倒退\|^……' "$T/out"; }

run_zhibu verify --db "$DB"
expect_rc "untouched: exit 0" 0
expect_eq "untouched: 完整" "$(head -1 "$T/out")" "完整"
expect_contains "untouched: every entry and row" "$T/out" \
    "已校验 $(sql "$DB" "select count(*) from history") 条日志"
expect_eq "untouched: updated rows among them" \
    "$(sql "$DB" "select count(*) > 0 from history where action = 'update'")" "1"

# ---- rows changed in two branches: listed by id, not by branch ----
fresh
# a payment of the first branch renumbered after every other (its id is in no JSON: verify sees
# nothing), so that the last branch's payment has the smaller id
P1=$(sql "$T/t.db" "select min(id) from dues_payment where branch_id = (select min(branch_id) from dues_payment)")
P1U=$(sql "$T/t.db" "select uuid from dues_payment where id = $P1")
sql "$T/t.db" "update dues_allocation set payment_id = (select max(id) + 1 from dues_payment) where payment_id = $P1;
               update dues_payment set id = (select max(id) + 1 from dues_payment) where id = $P1"
run_zhibu verify --db "$T/t.db"
expect_eq "a payment renumbered: 完整" "$(head -1 "$T/out")" "完整"
P2=$(sql "$T/t.db" "select min(id) from dues_payment where branch_id = (select max(branch_id) from dues_payment)")
P2U=$(sql "$T/t.db" "select uuid from dues_payment where id = $P2")
M=$(sql "$T/t.db" "select max(id) from meeting where branch_id = (select max(branch_id) from meeting)")
MU=$(sql "$T/t.db" "select uuid from meeting where id = $M")
sql "$T/t.db" "update dues_payment set amount = amount + 100000 where uuid in ('$P1U', '$P2U');
               update meeting set place = '别处' where id = $M"
run_zhibu verify --db "$T/t.db"
expect_rc "three rows changed: exit 1" 1
expect_eq "three rows changed: table by table, by id" "$(problems)" \
"会议 $(short "$MU") 的当前内容与日志不符：在 zhibu 之外被改动
交费记录 $(short "$P2U") 的当前内容与日志不符：在 zhibu 之外被改动
交费记录 $(short "$P1U") 的当前内容与日志不符：在 zhibu 之外被改动"
expect_contains "three rows changed: three problems" "$T/out" "发现 3 个问题"
B2=$(sql "$T/t.db" "select b.code from dues_payment p join branch b on b.id = p.branch_id where p.id = $P2")
run_zhibu verify --db "$T/t.db" --branch "$B2"
expect_rc "--branch of the last branch: exit 1" 1
expect_eq "--branch of the last branch: its meeting and payment" "$(problems)" \
"会议 $(short "$MU") 的当前内容与日志不符：在 zhibu 之外被改动
交费记录 $(short "$P2U") 的当前内容与日志不符：在 zhibu 之外被改动"

# ---- a row deleted, a row added without an entry ----
fresh
DP=$(sql "$T/t.db" "select id from dues_payment order by id limit 1 offset 40")
DU=$(sql "$T/t.db" "select uuid from dues_payment where id = $DP")
sql "$T/t.db" "delete from dues_allocation where payment_id = $DP; delete from dues_payment where id = $DP;
    insert into post_report(uuid, holding_id, date, venue, content, created_at, created_by, updated_at)
    select 'aaaaaaaa-0000-4000-8000-00000000000a', holding_id, date, venue, content, created_at,
    created_by, updated_at from post_report order by id limit 1"
run_zhibu verify --db "$T/t.db"
expect_rc "deleted and added: exit 1" 1
DE=$(sql "$T/t.db" "select max(id) from history where row_uuid = '$DU' and new_json is not null")
expect_eq "deleted and added: both named, in the order of before" "$(problems)" \
"履职汇报 aaaaaaaa 不在日志中：在 zhibu 之外写入
交费记录 $(short "$DU") 已被删除（日志第 $DE 条记有此记录）"

# ---- an entry deleted: its chain broken, its row without an entry ----
fresh
HE=$(sql "$T/t.db" "select id from history where table_name = 'dues_payment' order by id limit 1 offset 300")
HU=$(sql "$T/t.db" "select row_uuid from history where id = $HE")
expect_eq "the payment has one entry" "$(sql "$T/t.db" "select count(*) from history where row_uuid = '$HU'")" "1"
sql "$T/t.db" "delete from history where id = $HE"
run_zhibu verify --db "$T/t.db"
expect_rc "entry deleted: exit 1" 1
expect_eq "entry deleted: the chain, then the row" "$(problems | sed 's/（.*）与/（…）与/')" \
"日志第 $(sql "$T/t.db" "select min(id) from history where id > $HE and branch_id = (select branch_id from dues_payment where uuid = '$HU')") 条（…）与哈希链不符：它前面的日志被删除或改动
交费记录 $(short "$HU") 不在日志中：在 zhibu 之外写入"

# ---- a row put back to its value before its newest entry ----
fresh
GU=$(sql "$T/t.db" "select row_uuid from history where table_name = 'party_group' and action = 'update' order by id limit 1")
GL=$(sql "$T/t.db" "select json_extract(new_json, '\$.leader_id') from history where row_uuid = '$GU' and action = 'insert'")
expect_eq "the group's leader was set by the update" \
    "$(sql "$T/t.db" "select leader_id is not null and '$GL' = '' from party_group where uuid = '$GU'")" "1"
# back to the first entry's values: the leader and the time of that change (the demo's clock
# ticks between the insert and the update when the machine is slow)
sql "$T/t.db" "update party_group set leader_id = NULL, updated_at = (select json_extract(new_json, '\$.updated_at')
    from history where row_uuid = '$GU' and action = 'insert') where uuid = '$GU'"
expect_eq "the group is now as its first entry holds it" \
    "$(sql "$T/t.db" "select count(*) from history where row_uuid = '$GU' and action = 'insert'
        and new_json = (select json_object('branch_id', branch_id, 'name', name, 'leader_id', leader_id,
        'start_date', start_date, 'end_date', end_date, 'voided_at', voided_at, 'void_reason', void_reason,
        'updated_at', updated_at) from party_group where uuid = '$GU')")" "1"
run_zhibu verify --db "$T/t.db"
expect_rc "put back before the update: exit 1" 1
expect_eq "put back before the update: named" "$(problems)" \
    "党小组 $(short "$GU") 的当前内容与日志不符：在 zhibu 之外被改动"
GB=$(sql "$T/t.db" "select b.code from party_group g join branch b on b.id = g.branch_id where g.uuid = '$GU'")
run_zhibu verify --db "$T/t.db" --branch "$GB"
expect_rc "put back, --branch: exit 1" 1
expect_eq "put back, --branch: named" "$(problems)" \
    "党小组 $(short "$GU") 的当前内容与日志不符：在 zhibu 之外被改动"

# ---- entries rewritten in two chains: by entry number ----
fresh
E1=$(sql "$T/t.db" "select min(id) from history where branch_id = (select max(branch_id) from history)")
E2=$(sql "$T/t.db" "select max(id) from history where branch_id = 0")
expect_eq "the later chain's entry has the smaller number" "$(sql "$T/t.db" "select $E1 < $E2")" "1"
sql "$T/t.db" "update history set changed_by = 'x' where id in ($E1, $E2)"
run_zhibu verify --db "$T/t.db"
expect_rc "two chains: exit 1" 1
expect_eq "two chains: by entry number" "$(problems | sed 's/（.*）与/（…）与/')" \
"日志第 $E1 条（…）与哈希链不符：日志被改动
日志第 $E2 条（…）与哈希链不符：日志被改动"

# ---- more problems than are listed: the first 16 by table and id ----
fresh
sql "$T/t.db" "update dues_payment set amount = amount + 1 where id % 97 = 0;
               update meeting set place = place || '。' where id % 53 = 0"
N=$(sql "$T/t.db" "select (select count(*) from dues_payment where id % 97 = 0) + (select count(*) from meeting where id % 53 = 0)")
run_zhibu verify --db "$T/t.db"
expect_rc "many: exit 1" 1
expect_contains "many: all counted" "$T/out" "发现 $N 个问题"
expect_contains "many: the rest not listed" "$T/out" "……另有 $((N - 16)) 个问题未列出"
WANT=$(sql "$T/t.db" "select l from (select 1 t, id, '会议 ' || substr(uuid, 1, 8) || ' 的当前内容与日志不符：在 zhibu 之外被改动' l
    from meeting where id % 53 = 0 union all select 2, id, '交费记录 ' || substr(uuid, 1, 8) || ' 的当前内容与日志不符：在 zhibu 之外被改动'
    from dues_payment where id % 97 = 0) order by t, id limit 16")
expect_eq "many: the first 16 by table and id" "$(problems)" "$WANT"

# ---- a row whose newest entry lies in another branch's chain ----
# seal ENTRY-JSON — a new entry for dues_basis row $BU in chain $CB, its hash recomputed
seal() {
    /usr/bin/python3 - "$T/t.db" "$BU" "$CB" "$1" <<'EOF'
import hashlib, sqlite3, sys
path, row, chain, new = sys.argv[1:5]
db = sqlite3.connect(path)
def f(v):
    if v is None:
        return b"-:"
    b = v.encode() if isinstance(v, str) else v
    return str(len(b)).encode() + b":" + b
nid = db.execute("select max(id) + 1 from history_data").fetchone()[0]
prev = db.execute("select lower(hex(hash)) from history_data where branch_id = ?"
                  " order by id desc limit 1", (int(chain),)).fetchone()[0]
fields = ["bbbbbbbb-0000-4000-8000-00000000000b", "dues_basis", row, "update",
          "2026-11-21T12:00:00Z", "shuji", None, new]
h = hashlib.sha256(b"zhibu-journal-1" + f(prev) + f(str(nid)) + b"".join(f(x) for x in fields)
                   + f(chain)).hexdigest()
db.execute("insert into history_data(id, uuid, table_name, row_uuid, action, changed_at, changed_by,"
           " old_json, new_json, branch_id, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?)",
           [nid] + fields + [int(chain), prev, h])
db.commit()
EOF
}
fresh
BU=$(sql "$T/t.db" "select uuid from dues_basis order by id limit 1")
BB=$(sql "$T/t.db" "select m.branch_id from dues_basis d join member m on m.id = d.member_id where d.uuid = '$BU'")
BC=$(sql "$T/t.db" "select code from branch where id = $BB")
CB=$(sql "$T/t.db" "select min(branch_id) from history where branch_id > 0 and branch_id <> $BB")
NOW_JSON=$(sql "$T/t.db" "select new_json from history where row_uuid = '$BU' order by id desc limit 1")
seal "$(echo "$NOW_JSON" | sed 's/"base_fen":[0-9]*/"base_fen":1/')"
expect_eq "the newest entry of the basis is in another chain" \
    "$(sql "$T/t.db" "select branch_id <> $BB from history where row_uuid = '$BU' order by id desc limit 1")" "1"
run_zhibu verify --db "$T/t.db"
expect_rc "newest entry in another chain: exit 1" 1
expect_eq "newest entry in another chain: the row named, nothing else" "$(problems)" \
    "党费基数 $(short "$BU") 的当前内容与日志不符：在 zhibu 之外被改动"
run_zhibu verify --db "$T/t.db" --branch "$BC"
expect_rc "newest entry in another chain, --branch: exit 1" 1
expect_eq "newest entry in another chain, --branch: the row named" "$(problems)" \
    "党费基数 $(short "$BU") 的当前内容与日志不符：在 zhibu 之外被改动"
fresh
seal "$NOW_JSON"
run_zhibu verify --db "$T/t.db"
expect_rc "the same value in another chain: exit 0" 0
expect_eq "the same value in another chain: 完整" "$(head -1 "$T/out")" "完整"
run_zhibu verify --db "$T/t.db" --branch "$BC"
expect_eq "the same value in another chain, --branch: 完整" "$(head -1 "$T/out")" "完整"

# ---- a township's imported branch ----
V=$T/village.db
TW=$T/township.db
demo_village "$V" --branches 1 --years 1 --seed 1
run_zhibu init --test --db "$TW" --password-file "$PW" --office township
expect_rc "the township" 0
run_zhibu bundle export --db "$V" --branch "$A" --out "$T/a.zbx"
expect_rc "export" 0
run_zhibu bundle import $(trust_of "$T/a.zbx") --db "$TW" "$T/a.zbx"
expect_rc "import" 0
run_zhibu verify --db "$TW"
expect_eq "the township: 完整" "$(head -1 "$T/out")" "完整"
TP=$(sql "$TW" "select uuid from dues_payment order by id limit 1 offset 5")
sql "$TW" "update dues_payment set amount = amount + 1 where uuid = '$TP'"
run_zhibu verify --db "$TW"
expect_rc "the township's imported payment changed: exit 1" 1
expect_eq "the township's imported payment changed: named" "$(problems)" \
    "交费记录 $(short "$TP") 的当前内容与日志不符：在 zhibu 之外被改动"
run_zhibu verify --db "$TW" --branch "$A"
expect_eq "the township's imported payment changed, --branch: named" "$(problems)" \
    "交费记录 $(short "$TP") 的当前内容与日志不符：在 zhibu 之外被改动"
