#!/bin/sh
# Office identity (issue 12): every database has a key pair; `zhibu office show` prints the
# office's name, kind and fingerprint; bundles are signed by the exporting office and the
# receiving office registers the sender per branch and role on first use (--trust); `zhibu office
# list` shows the registrations. Refusals, each one Chinese line, exit 1, the database byte for
# byte unchanged: an unsigned bundle, a flipped signature, a manifest changed after signing, a
# fingerprint that is not the key's, a first import without --trust (the message shows the
# fingerprint and how to accept it) or with a wrong one, a bundle re-signed by another office's
# key for a registered branch (both fingerprints named), a bundle claiming to be this office's,
# and hole 3: the village makes its own reviewer, marks its own month 合格 and exports
# --verdicts; the township's import is refused and its verdicts unchanged. The village registers
# its township on the first verdicts and refuses verdicts signed by any other key, and verdicts
# from a district. The bundles are forged with tests/tools/forge (re-hashed and re-signed), so
# what refuses them is the office check, not the checksum.
. "$(dirname "$0")/../lib.sh"
FORGE=$(dirname "$ZHIBU")/forge

# ---- the village: one branch, as on a fresh install ----
new_branch_db
V=$DB
run_zhibu office show --db "$V"
expect_rc "office show: exit 0" 0
expect_contains "office show: a new office has no name yet" "$T/out" "名称：（未命名，可用 zhibu office name 设定）"
expect_contains "office show: the kind (village by default)" "$T/out" "类型：村（社区）支部"
VFPR=$(sed -n 's/^指纹：//p' "$T/out")
if printf '%s\n' "$VFPR" | grep -qE '^[A-HJ-KM-NP-TV-Z2-9]{4}(-[A-HJ-KM-NP-TV-Z2-9]{4}){3}$'; then ok "office show: a fingerprint of four groups ($VFPR)"
else fail "office show: a fingerprint of four groups" "[$VFPR]"; fi
expect_eq "office show: the public key is the database's" "$(sed -n 's/^公钥：//p' "$T/out")" "$(sql "$V" "select public_key from office_key")"
# naming the office: an administrator, journaled
run_zhibu office name --db "$V" 红旗村党支部
expect_rc "office name without --as on a database with accounts: exit 2" 2
printf 'wrong-pw\n' >"$T/wrong"
run_zhibu office name --db "$V" 红旗村党支部 --as admin --as-password-file "$T/wrong"
expect_rc "office name with a wrong password: exit 1" 1
run_zhibu office name --db "$V" 红旗村党支部 --as shuji --as-password-file "$PW"
expect_rc "office name by a secretary: exit 1" 1
expect_contains "office name by a secretary: the message" "$T/err" "只有管理员"
run_zhibu office name --db "$V" "$(printf '%041d' 0 | tr 0 村)" --as admin --as-password-file "$PW"
expect_rc "office name of 41 characters: exit 1" 1
expect_contains "office name of 41 characters: the message" "$T/err" "单位名称太长：最多 40 个字"
run_zhibu office name --db "$V" 红旗村党支部 --as admin --as-password-file "$PW"
expect_rc "office name by the administrator: exit 0" 0
run_zhibu office show --db "$V"
expect_contains "office show: the name" "$T/out" "名称：红旗村党支部"
expect_eq "the name is journaled (who, before, after)" \
    "$(sql "$V" "select changed_by||'|'||json_extract(old_json, '$.name')||'|'||json_extract(new_json, '$.name')||'|'||json_extract(new_json, '$.kind') from history where table_name = 'office' order by id desc limit 1")" \
    "admin||红旗村党支部|village"
run_zhibu verify --db "$V"
expect_rc "the village verifies after naming itself" 0
run_zhibu office kind --db "$V" county --as admin --as-password-file "$PW"
expect_rc "office kind county: a usage error" 2

# ---- the township and a third office ----
TW=$T/township.db
run_zhibu init --test --db "$TW" --password-file "$PW" --office township --office-name 红旗镇党委
expect_rc "init --office township --office-name" 0
run_zhibu office show --db "$TW"
expect_contains "the township: its name" "$T/out" "名称：红旗镇党委"
expect_contains "the township: its kind" "$T/out" "类型：乡镇"
TFPR=$(sed -n 's/^指纹：//p' "$T/out")
X=$T/other.db
run_zhibu init --test --db "$X" --password-file "$PW" --office township --office-name 冒名镇
XFPR=$("$ZHIBU" office show --db "$X" | sed -n 's/^指纹：//p')
D=$T/district.db
run_zhibu init --test --db "$D" --password-file "$PW" --office district --office-name 城关区委组织部
expect_rc "init --office district" 0
run_zhibu office show --db "$D"
expect_contains "the district: its kind" "$T/out" "类型：区（县）"
if [ "$VFPR" != "$TFPR" ] && [ "$TFPR" != "$XFPR" ] && [ "$VFPR" != "$XFPR" ]; then ok "every office its own key"; else fail "every office its own key" "$VFPR $TFPR $XFPR"; fi
run_zhibu office list --db "$TW"
expect_rc "office list with nothing registered: exit 0" 0
expect_contains "office list with nothing registered" "$T/out" "（还没有登记其他单位）"

# ---- refusals: one line, exit 1, the database byte for byte unchanged ----
# refused NAME DB FILE MESSAGE [IMPORT OPTIONS...] — MESSAGE a fixed string
refused() {
    name=$1 db=$2 file=$3 msg=$4
    shift 4
    sqlite3 "$db" 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
    before=$(dbsum "$db")
    run_zhibu bundle import --db "$db" "$@" "$file"
    expect_rc "$name: exit 1" 1
    expect_contains "$name: the message" "$T/err" "$msg"
    expect_eq "$name: one line" "$(wc -l <"$T/err")" "1"
    expect_eq "$name: the database byte for byte unchanged" "$(dbsum "$db")" "$before"
}

run_zhibu bundle export --db "$V" --branch 1101010001 --out "$T/v1.zbx"
expect_rc "the village exports its ledger" 0
expect_eq "the manifest names the office" "$(manifest_value "$T/v1.zbx" office_name)|$(manifest_value "$T/v1.zbx" office_kind)|$(manifest_value "$T/v1.zbx" office_fingerprint)" "红旗村党支部|village|$VFPR"

cp "$T/v1.zbx" "$T/unsigned.zbx"
sqlite3 "$T/unsigned.zbx" "delete from manifest where key = 'signature'"
refused "an unsigned bundle" "$TW" "$T/unsigned.zbx" "交换包没有签名（来自旧版本 zhibu），请对方升级后重新导出" --trust "$VFPR"
cp "$T/v1.zbx" "$T/sigflip.zbx"
sqlite3 "$T/sigflip.zbx" "update manifest set value = (case substr(value, 1, 1) when '0' then '1' else '0' end) || substr(value, 2) where key = 'signature'"
refused "a flipped signature" "$TW" "$T/sigflip.zbx" "交换包签名无效（文件被改动或伪造）" --trust "$VFPR"
cp "$T/v1.zbx" "$T/renamed.zbx"
sqlite3 "$T/renamed.zbx" "update manifest set value = '红旗镇党委' where key = 'office_name'"
refused "a manifest changed after signing" "$TW" "$T/renamed.zbx" "交换包签名无效（文件被改动或伪造）" --trust "$VFPR"
cp "$T/v1.zbx" "$T/fpr.zbx"
sqlite3 "$T/fpr.zbx" "update manifest set value = '$TFPR' where key = 'office_fingerprint'"
refused "a fingerprint that is not the key's" "$TW" "$T/fpr.zbx" "交换包签名无效（文件被改动或伪造）" --trust "$TFPR"
# the payload's hash recomputed but the signature not: the signature covers payload_sha256
cp "$T/v1.zbx" "$T/payload.zbx"
sqlite3 "$T/payload.zbx" "update payload set data = data || x'00' where id = 1"
NEWSHA=$(sqlite3 -batch -noheader "$T/payload.zbx" "select hex(data) from payload order by id" | tr -d '\n' | xxd -r -p | sha256sum | cut -d' ' -f1)
sqlite3 "$T/payload.zbx" "update manifest set value = '$NEWSHA' where key = 'payload_sha256'"
refused "the payload and its hash changed, not re-signed" "$TW" "$T/payload.zbx" "交换包签名无效（文件被改动或伪造）" --trust "$VFPR"

# ---- first use: the township registers the village ----
refused "first import without --trust" "$TW" "$T/v1.zbx" "首次收到村（社区）支部“红旗村党支部”的台账（支部 1101010001），签名指纹 $VFPR，尚未登记：与对方核对指纹一致后，用 --trust $VFPR 导入"
refused "first import with a wrong --trust" "$TW" "$T/v1.zbx" "给出的指纹 $TFPR 与交换包的签名指纹 $VFPR 不符，已拒绝" --trust "$TFPR"
# on a terminal the import asks (script(1) gives it one): n refuses, y registers
sqlite3 "$TW" 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
before=$(dbsum "$TW")
printf 'n\n' | script -qec "'$ZHIBU' bundle import --db '$TW' '$T/v1.zbx'" /dev/null >"$T/tty.out" 2>&1
expect_eq "on a terminal, n: exit 1" "$?" "1"
expect_contains "on a terminal: the question shows the fingerprint" "$T/tty.out" "与对方核对过，指纹 $VFPR 一致，登记该单位并导入？(y/n)"
expect_eq "on a terminal, n: the database byte for byte unchanged" "$(dbsum "$TW")" "$before"
cp "$TW" "$T/tty.db"
printf 'y\n' | script -qec "'$ZHIBU' bundle import --db '$T/tty.db' '$T/v1.zbx'" /dev/null >"$T/tty.out" 2>&1
expect_eq "on a terminal, y: exit 0" "$?" "0"
expect_eq "on a terminal, y: the village registered" "$(sql "$T/tty.db" "select role||'|'||fingerprint from office_peer")" "ledger|$VFPR"
LOWER=$(printf '%s' "$VFPR" | tr 'A-Z' 'a-z' | tr -d '-')
run_zhibu bundle import --db "$TW" --trust "$LOWER" "$T/v1.zbx"
expect_rc "first import with --trust (lower case, no dashes): exit 0" 0
expect_contains "first import: the registration reported" "$T/out" "已登记支部 1101010001 的台账单位：村（社区）支部“红旗村党支部”，指纹 $VFPR"
run_zhibu office list --db "$TW"
expect_rc "office list: exit 0" 0
expect_contains "office list: the header" "$T/out" "支部"
expect_contains "office list: the village as the branch's ledger office" "$T/out" "1101010001 红旗村党支部"
expect_contains "office list: the role and the fingerprint" "$T/out" "$VFPR"
grep -F "$VFPR" "$T/out" >"$T/line"
expect_contains "office list: 台账单位 on the village's line" "$T/line" "台账单位"
run_zhibu office list --db "$TW" --format csv
expect_eq "office list --format csv" "$(cat "$T/out")" "组织代码,支部,角色,单位名称,单位类型,指纹,登记时间,登记人,更新时间
1101010001,红旗村党支部,台账单位,红旗村党支部,村（社区）支部,$VFPR,$(sql "$TW" "select created_at from office_peer"),system,$(sql "$TW" "select updated_at from office_peer")"
expect_eq "the registration is journaled" \
    "$(sql "$TW" "select action||'|'||json_extract(new_json, '$.fingerprint')||'|'||json_extract(new_json, '$.role')||'|'||(branch_id = (select id from branch where code = '1101010001')) from history where table_name = 'office_peer'")" \
    "insert|$VFPR|ledger|1"
run_zhibu verify --db "$TW"
expect_rc "the township verifies after the registration" 0
# the registration is checked by verify: a fingerprint rewritten behind zhibu's back is found
cp "$TW" "$T/tampered.db"
sql "$T/tampered.db" "update office_peer set public_key = (select public_key from office_key), fingerprint = '$TFPR'"
run_zhibu verify --db "$T/tampered.db"
expect_rc "a registration rewritten with the sqlite3 shell: verify exit 1" 1
expect_contains "a registration rewritten: verify names it" "$T/out" "登记的单位"
# a registered office's next bundle needs no --trust
run_zhibu bundle import --db "$TW" "$T/v1.zbx"
expect_rc "the registered office's bundle again: exit 0" 0

# the forge works: a changed bundle re-signed by the village's own key is the village's
cp "$T/v1.zbx" "$T/resigned.zbx"
sqlite3 "$T/resigned.zbx" "update manifest set value = 'resigned' where key = 'exported_by'"
expect_eq "forge: re-signed by the village" "$("$FORGE" resign "$T/resigned.zbx" "$V")" "$VFPR"
run_zhibu bundle import --db "$TW" "$T/resigned.zbx"
expect_rc "forge: a bundle re-signed by the registered key is taken" 0

# ---- another key for a registered branch ----
cp "$T/v1.zbx" "$T/swapped.zbx"
expect_eq "forge: re-signed by the third office" "$("$FORGE" resign "$T/swapped.zbx" "$X")" "$XFPR"
expect_eq "the swapped bundle carries the third office's key" "$(manifest_value "$T/swapped.zbx" office_public_key)" "$(sql "$X" "select public_key from office_key")"
refused "a bundle signed by another key" "$TW" "$T/swapped.zbx" "签名单位与登记的不符：支部 1101010001 登记的台账单位是村（社区）支部“红旗村党支部”，指纹 $VFPR；此包由村（社区）支部“红旗村党支部”签名，指纹 $XFPR，已拒绝"
refused "another key with the registered fingerprint as --trust" "$TW" "$T/swapped.zbx" "不符" --trust "$VFPR"

# ---- hole 3: village-made verdicts ----
"$ZHIBU" user add --db "$V" --as admin --as-password-file "$PW" --login cunshencha --name 村审查 \
    --role reviewer --password-file "$PW" >/dev/null 2>&1
login_as cunshencha
run_script ownverdict 100x30 <<'KEYS'
5
<Home><Enter>
<Enter>
v
<Enter>
<Enter>
:dump ownverdict.txt
KEYS
expect_contains "the village's own reviewer marks its month 合格" "$T/ownverdict.txt" "三会一课：合格"
expect_eq "the village's verdict stored at the village" "$(sql "$V" "select month||'|'||item||'|'||verdict from audit_verdict")" "2026-10|meetings|pass"
run_zhibu bundle export --db "$V" --branch 1101010001 --verdicts --out "$T/village-verdicts.zbx"
expect_rc "the village exports its own verdicts" 0
VERDICTS_BEFORE=$(sql "$TW" "select count(*) from audit_verdict")
refused "village-made verdicts at the township" "$TW" "$T/village-verdicts.zbx" "本数据库是乡镇，是其支部的审查单位：不接受其他单位导出的审查结论"
refused "village-made verdicts at the township, even with --trust" "$TW" "$T/village-verdicts.zbx" "不接受其他单位导出的审查结论" --trust "$VFPR"
expect_eq "the township's verdicts unchanged" "$(sql "$TW" "select count(*) from audit_verdict")" "$VERDICTS_BEFORE"
# the village re-signs them as a township would claim: still not taken by a township
cp "$T/village-verdicts.zbx" "$T/claimed.zbx"
sqlite3 "$T/claimed.zbx" "update manifest set value = 'township' where key = 'office_kind'"
"$FORGE" resign "$T/claimed.zbx" "$V" >/dev/null
refused "village verdicts claiming a township's kind" "$TW" "$T/claimed.zbx" "不接受其他单位导出的审查结论" --trust "$VFPR"

# ---- the township's verdicts go back: the village registers its township ----
"$ZHIBU" user add --db "$TW" --as admin --as-password-file "$PW" --login zhenshencha --name 镇审查 \
    --role reviewer --password-file "$PW" >/dev/null 2>&1
DB=$TW
login_as zhenshencha
# (on 主题党日: the village's own verdict on 三会一课 is still there, and the exchange does not
# replace a verdict of another uuid for the same month and item)
run_script townverdict 100x30 <<'KEYS'
5
<Home><Enter>
<Enter>
<Down><Down>
v
<Down><Enter>
主题党日记录须补齐<Enter>
<Enter>
:dump townverdict.txt
KEYS
expect_eq "the township's verdict" "$(sql "$TW" "select month||'|'||item||'|'||verdict from audit_verdict")" "2026-10|theme_day|rectify"
run_zhibu bundle export --db "$TW" --branch 1101010001 --verdicts --out "$T/t1.zbx"
expect_rc "the township exports its verdicts" 0
# its own verdicts back at the township: its own key, taken without registration
run_zhibu bundle import --db "$TW" "$T/t1.zbx"
expect_rc "the township's own verdicts bundle at the township: exit 0" 0
expect_eq "no registration for the township's own key" "$(sql "$TW" "select count(*) from office_peer where fingerprint = '$TFPR'")" "0"
refused "the first verdicts at the village without --trust" "$V" "$T/t1.zbx" "首次收到乡镇“红旗镇党委”的审查结论（支部 1101010001），签名指纹 $TFPR，尚未登记：与对方核对指纹一致后，用 --trust $TFPR 导入"
run_zhibu bundle import --db "$V" --trust "$TFPR" "$T/t1.zbx"
expect_rc "the first verdicts at the village with --trust: exit 0" 0
expect_contains "the township registered as the reviewing office" "$T/out" "已登记支部 1101010001 的审查单位：乡镇“红旗镇党委”，指纹 $TFPR"
expect_eq "the township's verdict at the village" "$(sql "$V" "select verdict from audit_verdict where item = 'theme_day'")" "rectify"
run_zhibu office list --db "$V" --format csv
expect_contains "office list at the village: the township as 审查单位" "$T/out" "1101010001,红旗村党支部,审查单位,红旗镇党委,乡镇,$TFPR"
# verdicts signed by any other key are refused
cp "$T/t1.zbx" "$T/t-swapped.zbx"
"$FORGE" resign "$T/t-swapped.zbx" "$X" >/dev/null
refused "verdicts signed by another key at the village" "$V" "$T/t-swapped.zbx" "登记的审查单位是乡镇“红旗镇党委”，指纹 $TFPR；此包由乡镇“红旗镇党委”签名，指纹 $XFPR，已拒绝"
# verdicts from a district
cp "$T/t1.zbx" "$T/t-district.zbx"
sqlite3 "$T/t-district.zbx" "update manifest set value = 'district' where key = 'office_kind'; update manifest set value = '城关区委组织部' where key = 'office_name'"
DFPR=$("$FORGE" resign "$T/t-district.zbx" "$D")
refused "verdicts from a district at the village" "$V" "$T/t-district.zbx" "审查结论只接受乡镇导出的，此包来自区（县）“城关区委组织部”（指纹 $DFPR），已拒绝" --trust "$DFPR"
# a bundle that claims to be the village's own office but is signed by another key
cp "$T/t1.zbx" "$T/t-claim.zbx"
sqlite3 "$T/t-claim.zbx" "update manifest set value = '$(sql "$V" "select value from meta where key = 'office_uuid'")' where key = 'office_uuid'"
"$FORGE" resign "$T/t-claim.zbx" "$X" >/dev/null
refused "a bundle claiming to be this office's" "$V" "$T/t-claim.zbx" "交换包自称来自本单位，签名的却是另一个密钥（指纹 $XFPR），已拒绝" --trust "$XFPR"

# ---- the district: takes no bundle of one branch (issue 18: only a township's month bundle,
# tests/cli/district_bundle.sh), neither a ledger nor verdicts ----
refused "a village's ledger at the district" "$D" "$T/v1.zbx" "区（县）的数据库只导入乡镇报送的月度交换包" --trust "$VFPR"
expect_eq "the district holds no branch" "$(sql "$D" "select count(*) from branch")" "0"
refused "the township's verdicts at the district" "$D" "$T/t1.zbx" "区（县）的数据库只导入乡镇报送的月度交换包" --trust "$TFPR"

# ---- replacing a registration: the other office's new key, confirmed ----
cp "$T/v1.zbx" "$T/newkey.zbx"
"$FORGE" resign "$T/newkey.zbx" "$X" >/dev/null
run_zhibu bundle import --db "$TW" --trust "$XFPR" "$T/newkey.zbx"
expect_rc "a new key confirmed with --trust: exit 0" 0
expect_contains "a new key confirmed: the registration replaced" "$T/out" "已更换登记支部 1101010001 的台账单位"
expect_eq "the registration now holds the new key, its history both" \
    "$(sql "$TW" "select fingerprint from office_peer")|$(sql "$TW" "select group_concat(action || ':' || json_extract(new_json, '$.fingerprint'), ' ') from (select * from history where table_name = 'office_peer' order by id)")" \
    "$XFPR|insert:$VFPR update:$XFPR"
run_zhibu verify --db "$TW"
expect_rc "the township verifies after the replacement" 0
refused "the old key after the replacement" "$TW" "$T/v1.zbx" "指纹 $XFPR；此包由村（社区）支部“红旗村党支部”签名，指纹 $VFPR"

# ---- usage ----
run_zhibu office
expect_rc "office without an action: exit 2" 2
run_zhibu office frobnicate --db "$V"
expect_rc "office with an unknown action: exit 2" 2
run_zhibu office list --db "$V" --format json
expect_rc "office list --format json: exit 2" 2
run_zhibu office --help
expect_rc "office --help: exit 0" 0
expect_contains "office --help: the usage" "$T/out" "zhibu office show"
run_zhibu bundle export --db "$V" --branch 1101010001 --trust "$TFPR" --out "$T/x.zbx"
expect_rc "export with --trust: exit 2" 2
run_zhibu --help
expect_contains "zhibu --help lists office" "$T/out" "office show|list"
