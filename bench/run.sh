#!/bin/sh
# make bench — measures zhibu against the budgets in DESIGN.md on a district-size demo
# database (350 branches), made once in bench/out/. Prints one line per measure:
#   what  figure  budget  ok|OVER     (budget "—": DESIGN.md sets none; the figure is for the record)
# Figures are medians of several runs, wall-clock on this machine.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
ZHIBU=${ZHIBU:-$ROOT/zhibu}
mkdir -p "$OUT"
export LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=2026-11-21 ZHIBU_CONFIG=$ROOT/config/zhibu.ini
DB=$OUT/district.db
# a database made by an older zhibu (another schema version) is made again
if [ -s "$DB" ]; then
    probe=$(mktemp -d)
    "$ZHIBU" demo --db "$probe/p.db" --branches 1 --seed 1 >/dev/null 2>&1 || true
    want=$(sqlite3 "$probe/p.db" "pragma user_version" 2>/dev/null || echo 0)
    have=$(sqlite3 "$DB" "pragma user_version" 2>/dev/null || echo -1)
    rm -rf "$probe"
    [ "$want" = "$have" ] || rm -f "$DB" "$DB-wal" "$DB-shm"
fi
if [ ! -s "$DB" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$ZHIBU" demo --db "$DB" --branches 350 --seed 1 2>/dev/null
fi
# one branch with ten years of records (the district has the demo's default two): made with the
# district database, again whenever that is
TEN=$OUT/ten-years.db
if [ ! -s "$TEN" ] || [ "$DB" -nt "$TEN" ]; then
    rm -f "$TEN" "$TEN-wal" "$TEN-shm"
    "$ZHIBU" demo --db "$TEN" --branches 1 --years 10 --seed 1 >/dev/null 2>&1 || rm -f "$TEN"
fi
cd "$OUT"
/usr/bin/python3 - "$ZHIBU" "$DB" "$TEN" <<'PY'
import os, statistics, subprocess, sys, tempfile, time

zhibu, db, ten_db = sys.argv[1], sys.argv[2], sys.argv[3]
tmp = tempfile.mkdtemp(prefix="zhibu-bench-")

def script(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path

def run(args, repeat=7):
    """median wall seconds and peak RSS (KiB, from GNU time) of `zhibu args`"""
    times, peak = [], 0
    rss_file = os.path.join(tmp, "rss")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, zhibu] + args, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        with open(rss_file) as f:
            peak = max(peak, int(f.read().split()[-1]))
    return statistics.median(times), peak

# What store_audit_each (src/store/audit_db.c, audit_load.c, audit_jobs.c) asks of the database
# for every branch and one month (October 2026: month start, end, January, and the years of the
# dues window of AUDIT_DUES_WINDOW = 12 months, 2025-11..2026-10), with the parameters written in.
# Keep in step with the loader's statements.
MS, ME, JAN, Y0, Y1 = "2026-10-01", "2026-10-31", "2026-01-01", 2025, 2026
AUDIT_RAW_SQL = f"""
.output /dev/null
SELECT b.id, b.uuid, b.code, b.name, b.type, ifnull(b.parent_id, 0), b.theme_day, b.created_at, b.updated_at,
  ifnull((SELECT min(m.date) FROM meeting m WHERE m.branch_id = b.id AND m.voided_at IS NULL), ''),
  ifnull((SELECT min(p.from_month) FROM dues_payment p WHERE p.branch_id = b.id AND p.voided_at IS NULL), ''),
  ifnull(b.dues_start, '')
  FROM branch b WHERE b.id BETWEEN 1 AND 9223372036854775807
  AND (1 = 9223372036854775807 OR NOT EXISTS (SELECT 1 FROM branch c WHERE c.parent_id = b.id)) ORDER BY b.code;
SELECT p.branch_id, h.id, h.member_id, h.claimed, h.ended,
  ifnull((SELECT r.date FROM post_report r WHERE r.holding_id = h.id AND r.date <= '{ME}' ORDER BY r.date DESC LIMIT 1), '')
  FROM post_holding h JOIN post p ON p.id = h.post_id WHERE p.branch_id BETWEEN 1 AND 9223372036854775807
  AND h.claimed <= '{ME}' AND (h.ended = '' OR (h.ended > h.claimed AND h.ended > '{MS}')) ORDER BY p.branch_id;
SELECT m.branch_id, m.id, m.date, m.kind, m.also_mask, ifnull(m.group_id, 0), m.quorum, m.missing_mask, m.created_at
  FROM branch b JOIN meeting m ON m.branch_id = b.id WHERE b.id BETWEEN 1 AND 9223372036854775807
  AND m.date >= '{JAN}' AND m.date <= '{ME}' AND m.voided_at IS NULL ORDER BY b.id, m.date;
SELECT g.branch_id, g.id, g.name, g.start_date, g.end_date, (SELECT count(*) FROM member m
  WHERE m.group_id = g.id AND m.join_date <> '' AND m.join_date <= '{ME}'
  AND (m.leave_status = '' OR m.leave_date > '{ME}')) FROM party_group g
  WHERE g.branch_id BETWEEN 1 AND 9223372036854775807
  AND (g.voided_at IS NULL OR substr(g.voided_at, 1, 10) > '{ME}') ORDER BY g.branch_id, g.id;
SELECT id, branch_id, name, office <> '', status, full_date, join_date, leave_status, leave_date, created_at,
  updated_at, dues_category, mobile,
  CASE WHEN leave_status = 'transferred' THEN ifnull((SELECT t.dues_paid_through FROM member_transfer t
  WHERE t.member_id = member.id AND t.direction = 'out' ORDER BY t.date DESC, t.id DESC LIMIT 1), '') ELSE '' END,
  CASE WHEN status = 'probationary' THEN ifnull((SELECT d.until FROM probation_decision d
  WHERE d.member_id = member.id AND d.kind = 'extend' AND d.date <= '{ME}' ORDER BY d.date DESC, d.id DESC LIMIT 1), '')
  ELSE '' END FROM member WHERE +branch_id BETWEEN 1 AND 9223372036854775807 AND join_date <= '{ME}'
  AND (leave_status = '' OR leave_date >= '{MS}') ORDER BY id;
SELECT member_id, since, ifnull(substr(ended_at, 1, 10), '') FROM member_mobile ORDER BY member_id;
SELECT member_id, max(date) FROM mobile_contact WHERE date <= '{ME}' GROUP BY member_id ORDER BY member_id;
SELECT DISTINCT member_id FROM post_excuse WHERE (since = '' OR since <= '{ME}')
  AND (ended_at IS NULL OR substr(ended_at, 1, 10) > '{ME}') ORDER BY member_id;
SELECT member_id, dues_paid_through, date FROM member_transfer WHERE direction = 'in'
  ORDER BY member_id, date DESC, id DESC;
SELECT member_id, from_month, category, base_fen FROM dues_basis;
SELECT member_id, from_month, to_month, kind, amount FROM dues_adjust WHERE member_id > 0
  AND voided_at IS NULL ORDER BY member_id, from_month;
SELECT member_id, year, months FROM dues_paid_year
  WHERE year BETWEEN {Y0} AND {Y1};
"""

rows = []
def report(what, value, unit, budget):
    ok = "ok" if value <= budget else "OVER"
    rows.append(f"{what:<44} {value:>9.2f} {unit:<3} budget {budget:>6} {unit:<3} {ok}")

# demo generation at district size (for the record; no budget in DESIGN.md)
fresh = os.path.join(tmp, "gen.db")
gen, gen_rss = run(["demo", "--db", fresh, "--branches", "350"], 1)
os.remove(fresh)
members = subprocess.run(["sqlite3", db, "select count(*) from member"], capture_output=True,
                         text=True).stdout.strip()
branches = subprocess.run(["sqlite3", db, "select count(*) from branch"], capture_output=True,
                          text=True).stdout.strip()

# start to first full screen: open the database, draw the login screen, dump, leave
first = script("first.keys", ":dump first.txt\n")
t_first, rss_first = run(["--db", db, "--script", first, "--size", "80x24"])
report("start to first full screen (login, 80x24)", t_first * 1000, "ms", 100)

# every other interface run logs in as the demo's secretary (the argon2id check, once per run)
pwfile = script("demo.pw", "demo1234\n")
LOGIN = ["--user", "shuji", "--password-file", pwfile]
t_home, rss_home = run(["--db", db] + LOGIN + ["--script", first, "--size", "80x24"])
rows.append(f"{'login: password check, then home (80x24)':<44} {t_home * 1000:>9.2f} ms  (start to home, once per session)")

# a key press in a list: 2000 moves in the roster vs. the same run without them
n = 2000
base = script("base.keys", "2\n:dump r.txt\n")
moves = script("moves.keys", "2\n" + "<Down><Down><PgDn><Up>" * (n // 4) + "\n:dump r.txt\n")
t_base, _ = run(["--db", db] + LOGIN + ["--script", base, "--size", "120x40"], 5)
t_moves, rss_list = run(["--db", db] + LOGIN + ["--script", moves, "--size", "120x40"], 5)
report("key press in the roster list to redraw", (t_moves - t_base) / n * 1000, "ms", 5)

# a key press in a form: typing into the member form
typing = script("typing.keys", "2\n<F2>\n" + ("王小明<BS><BS><BS>" * (n // 6)) + "\n:dump f.txt\n")
baseform = script("baseform.keys", "2\n<F2>\n:dump f.txt\n")
t_bf, _ = run(["--db", db] + LOGIN + ["--script", baseform, "--size", "120x40"], 5)
t_typing, rss_form = run(["--db", db] + LOGIN + ["--script", typing, "--size", "120x40"], 5)
report("key press in the member form to redraw", (t_typing - t_bf) / n * 1000, "ms", 5)

# pasting 100,000 characters into the minutes of a new meeting (the field takes 20,000: the
# program asks, y takes them), against the same form without the paste
form_head = "1\n<F2>\n<Down><Enter>\n<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>议题<Tab>"
paste = script("paste.keys", form_head + "测" * 100000 + "\ny\n:dump p.txt\n")
nopaste = script("nopaste.keys", form_head + "\n:dump p.txt\n")
t_nopaste, _ = run(["--db", db] + LOGIN + ["--script", nopaste, "--size", "80x24"], 3)
t_paste, rss_paste = run(["--db", db] + LOGIN + ["--script", paste, "--size", "80x24"], 3)
report("pasting 100,000 characters into a text field", t_paste - t_nopaste, "s", 1)

# the meeting list: open it from home, then scroll through it
meet_open = script("meet_open.keys", "1\n:dump m.txt\n")
t_mopen, rss_meet = run(["--db", db] + LOGIN + ["--script", meet_open, "--size", "80x24"], 7)
report("open the meeting list (start, login, list)", t_mopen * 1000, "ms", 100)
meet_scroll = script("meet_scroll.keys", "1\n" + "<PgDn><PgDn><Down><PgUp>" * (n // 4) + "\n:dump m.txt\n")
t_mscroll, _ = run(["--db", db] + LOGIN + ["--script", meet_scroll, "--size", "80x24"], 5)
report("key press scrolling the meeting list", (t_mscroll - t_mopen) / n * 1000, "ms", 5)
meet_search = script("meet_search.keys", "1\n/学习贯彻\n<Enter>\n:dump m.txt\n")
t_msearch, _ = run(["--db", db] + LOGIN + ["--script", meet_search, "--size", "80x24"], 5)
report("search the meeting list (4 characters, FTS5)", (t_msearch - t_mopen) * 1000, "ms", 100)
nmeet = subprocess.run(["sqlite3", db, "select count(*) from meeting"], capture_output=True,
                       text=True).stdout.strip()

# the dues grid of a village branch: open it, move around it, record one payment
dues_open = script("dues_open.keys", "3\n:dump d.txt\n")
t_dopen, rss_dues = run(["--db", db] + LOGIN + ["--script", dues_open, "--size", "80x24"], 7)
report("open the dues grid (start, login, grid)", t_dopen * 1000, "ms", 100)
dues_move = script("dues_move.keys", "3\n" + "<Down><Left><Down><Right>" * (n // 4) + "\n:dump d.txt\n")
t_dmove, _ = run(["--db", db] + LOGIN + ["--script", dues_move, "--size", "80x24"], 5)
report("key press moving in the dues grid", (t_dmove - t_dopen) / n * 1000, "ms", 5)
arrears = script("arrears.keys", "3\na\n:dump d.txt\n")
t_arr, _ = run(["--db", db] + LOGIN + ["--script", arrears, "--size", "80x24"], 5)
report("open the arrears list from the grid", (t_arr - t_dopen) * 1000, "ms", 100)

# list members of the whole district (streams rows)
t_list, rss_csv = run(["list", "members", "--db", db, "--format", "csv"], 5)
report("list members, whole district, CSV", t_list * 1000, "ms", 1000)

# the monthly review of every branch: the whole command (start, open, load, judge, CSV out)
# against the loader's queries run raw in the sqlite3 shell (process start and output to
# /dev/null included on both sides)
month = "2026-10"
have_audit = subprocess.run([zhibu, "audit", "--help"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode == 0
rss_audit = rss_report = 0
if have_audit:
    t_audit, rss_audit = run(["audit", "--db", db, "--month", month, "--format", "csv"], 9)
    raw_sql = script("audit_raw.sql", AUDIT_RAW_SQL)
    def run_sql(repeat=9):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            with open(raw_sql) as f:
                subprocess.run(["sqlite3", "-batch", db], stdin=f, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    t_raw = run_sql()
    report("monthly audit of every branch (zhibu audit)", t_audit * 1000, "ms", 50)
    rows.append(f"{'  the same queries raw in the sqlite3 shell':<44} {t_raw * 1000:>9.2f} ms  (reference for the ratio below; no budget of its own)")
    report("  ratio audit / raw queries", t_audit / t_raw, "x", 2)

    # the monthly report of every branch to .xlsx (汇总, 问题清单, 统计)
    xlsx = os.path.join(tmp, "report.xlsx")
    t_report, rss_report = run(["report", "--db", db, "--month", month, "--out", xlsx, "--force"], 7)
    report("monthly report to .xlsx (zhibu report)", t_report * 1000, "ms", 300)
else:
    rows.append("not measured: monthly audit, monthly report (zhibu audit/report not in this build)")

peak = max(rss_first, rss_home, rss_list, rss_form, rss_paste, rss_csv, rss_meet, rss_dues, rss_audit, rss_report) / 1024
report("peak memory (any interface or list run above)", peak, "MB", 32)

# moving branches between offices (zhibu bundle); DESIGN.md gives no budget for these
def figure(what, value, unit):
    rows.append(f"{what:<44} {value:>9.2f} {unit:<3} budget {'—':>6} {'':<3} —")

def timed(args):
    """wall seconds and peak RSS (KiB) of one `zhibu args` (which must succeed)"""
    rss_file = os.path.join(tmp, "rss")
    t0 = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, zhibu] + args, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    with open(rss_file) as f:
        return t, int(f.read().split()[-1])

pwfile = os.path.join(tmp, "pw")
with open(pwfile, "w") as f:
    f.write("bench1234\n")
townships = 0
def township():
    """an empty township database, as `zhibu init --office township` makes it (a test one: the
    bundles come from the district demo, and a real ledger takes no demo's bundle)"""
    global townships
    townships += 1
    path = os.path.join(tmp, f"township{townships}.db")
    subprocess.run([zhibu, "init", "--test", "--db", path, "--office", "township", "--password-file", pwfile],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path

def leaves(path):
    out = subprocess.run(["sqlite3", path, "select code from branch b where not exists"
                          " (select 1 from branch c where c.parent_id = b.id) order by code"],
                         capture_output=True, text=True, check=True).stdout
    return out.split()

def trust(bundle):
    """--trust and the fingerprint of the bundle's signer (first use: the township confirms it)"""
    fpr = subprocess.run(["sqlite3", "-readonly", bundle, "select value from manifest"
                          " where key = 'office_fingerprint'"], capture_output=True, text=True,
                         check=True).stdout.strip()
    return ["--trust", fpr]

exports = 0
def export(path, code):
    global exports
    exports += 1
    out = os.path.join(tmp, f"b{exports}-{code}.zbx")
    t, rss = timed(["bundle", "export", "--db", path, "--branch", code, "--out", out])
    return out, t, rss

def one_branch(what, path, code, repeat=5):
    """median export, and median import into an empty township, of one branch"""
    te, ti, rss = [], [], 0
    for _ in range(repeat):
        out, t, r = export(path, code)
        te.append(t)
        rss = max(rss, r)
        town = township()
        t, r = timed(["bundle", "import", "--db", town] + trust(out) + [out])
        ti.append(t)
        rss = max(rss, r)
    figure(f"bundle export, {what}", statistics.median(te) * 1000, "ms")
    figure(f"bundle import, {what}", statistics.median(ti) * 1000, "ms")
    return rss

have_bundle = subprocess.run([zhibu, "bundle", "--help"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL).returncode == 0
if have_bundle:
    codes = leaves(db)
    rss_bundle = one_branch("1 district branch (2 years)", db, codes[0])
    if os.path.exists(ten_db):
        rss_bundle = max(rss_bundle, one_branch("1 branch, 10 years", ten_db, leaves(ten_db)[0]))
    else:
        rows.append("not measured: a branch of ten years (zhibu demo --years 10 failed)")
    # every branch of the district: exported one by one, then imported one by one into an
    # empty township (each a process of its own, as a reviewer would run them)
    t0 = time.perf_counter()
    files = []
    for code in codes:
        out, _, r = export(db, code)
        files.append(out)
    t_all_export = time.perf_counter() - t0
    town = township()
    each = []
    t0 = time.perf_counter()
    for out in files:
        t, r = timed(["bundle", "import", "--db", town] + trust(out) + [out])
        each.append(t)
        rss_bundle = max(rss_bundle, r)
    t_all_import = time.perf_counter() - t0
    figure(f"bundle export of all {len(files)} branches (loop)", t_all_export, "s")
    figure(f"bundle import of {len(files)} bundles, empty township", t_all_import, "s")
    figure("  per bundle, median", statistics.median(each) * 1000, "ms")
    figure("  per bundle, slowest", max(each) * 1000, "ms")
    figure("peak memory of a bundle export or import", rss_bundle / 1024, "MB")
else:
    rows.append("not measured: zhibu bundle export/import (not in this build)")

# importing an office's roster of 1,000 members from .xlsx (zhibu import members, issue 15):
# each run into a fresh copy of a one-branch demo, as its secretary (the login's argon2id check
# included); the dry run beside it reads and checks the same file without a login
def import_bench(repeat=5):
    import shutil, datetime
    try:
        import openpyxl
    except ImportError:
        rows.append("not measured: roster import (python3-openpyxl missing)")
        return
    if subprocess.run([zhibu, "import", "--help"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        rows.append("not measured: roster import (zhibu import not in this build)")
        return
    base = os.path.join(tmp, "import-base.db")
    subprocess.run([zhibu, "demo", "--db", base, "--branches", "1", "--seed", "1"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    code = leaves(base)[0]
    xlsx = os.path.join(tmp, "roster-1000.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "民族", "学历", "联系电话", "入党日期", "转正日期", "党小组", "人员类别", "流动党员"])
    for i in range(1000):
        birth = datetime.date(1940 + i % 60, 1 + i % 12, 1 + i % 28)
        ws.append([f"导入党员{i:04d}", "男" if i % 2 else "女", birth, "汉族", "高中", 13800000000 + i,
                   datetime.date(birth.year + 20, 7, 1), datetime.date(birth.year + 21, 7, 1),
                   "", "农民", "否"])
    wb.save(xlsx)
    demo_pw = os.path.join(tmp, "import.pw")
    with open(demo_pw, "w") as f:
        f.write("demo1234\n")
    dry, real, peak = [], [], 0
    for k in range(repeat):
        target = os.path.join(tmp, f"import-{k}.db")
        shutil.copyfile(base, target)
        t, r = timed(["import", "members", "--db", target, "--branch", code, "--dry-run", xlsx])
        dry.append(t)
        t, r2 = timed(["import", "members", "--db", target, "--branch", code, "--as", "shuji",
                       "--as-password-file", demo_pw, xlsx])
        real.append(t)
        peak = max(peak, r, r2)
    report("import 1,000 members from .xlsx (as shuji)", statistics.median(real), "s", 1)
    rows.append(f"{'  the same file, dry run (read and check)':<44} {statistics.median(dry) * 1000:>9.2f} ms  (no login, nothing written)")
    figure("peak memory of a roster import", peak / 1024, "MB")

import_bench()
# backups (issue 15): zhibu backup of the district database (the copy through SQLite's backup
# API, then integrity_check and the verification on the copy) beside the backup API alone and a
# plain cp of the same file (which would miss what a running zhibu still holds in the -wal)
import shutil, sqlite3
have_backup = subprocess.run([zhibu, "backup", "--help"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL).returncode == 0
if have_backup:
    bdir = os.path.join(tmp, "backups")
    os.makedirs(bdir, exist_ok=True)
    tb = []
    for _ in range(5):
        for f in os.listdir(bdir):
            os.remove(os.path.join(bdir, f))
        t, rss_backup = timed(["backup", "--db", db, "--to", bdir])
        tb.append(t)
    def median_of(fn, repeat=5):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    api_copy = os.path.join(tmp, "api-copy.db")
    def api():
        if os.path.exists(api_copy):
            os.remove(api_copy)
        src = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        dst = sqlite3.connect(api_copy)
        src.backup(dst)  # sqlite3_backup_step(-1), as zhibu does
        dst.close()
        src.close()
    def cp():
        shutil.copyfile(db, os.path.join(tmp, "cp-copy.db"))
    size_mb = os.path.getsize(db) / (1024 * 1024)
    figure(f"backup of the district database ({size_mb:.0f} MB)", statistics.median(tb), "s")
    figure("  SQLite's backup API alone (no checks)", median_of(api), "s")
    figure("  plain cp of the same file", median_of(cp), "s")
    figure("  peak memory of zhibu backup", rss_backup / 1024, "MB")
else:
    rows.append("not measured: zhibu backup (not in this build)")

# what synchronous = FULL costs a commit (the ledger's setting since issue 15): 200 small
# transactions on a copy of the ten-year database in WAL mode, NORMAL against FULL, and saving
# meetings through the interface (the build's FULL) against the same session without them
if os.path.exists(ten_db):
    def commits(mode, n=200):
        path = os.path.join(tmp, f"sync-{mode}.db")
        for side in ("", "-wal", "-shm"):
            if os.path.exists(path + side):
                os.remove(path + side)
        shutil.copyfile(ten_db, path)
        c = sqlite3.connect(path, isolation_level=None)
        c.execute("PRAGMA journal_mode = WAL")
        c.execute(f"PRAGMA synchronous = {mode}")
        c.execute("CREATE TABLE bench_sync(x)")
        t0 = time.perf_counter()
        for i in range(n):
            c.execute("BEGIN IMMEDIATE")
            c.execute("INSERT INTO bench_sync VALUES (?)", (i,))
            c.execute("COMMIT")
        t = (time.perf_counter() - t0) / n
        c.close()
        return t
    figure("commit, WAL, synchronous = NORMAL", commits("NORMAL") * 1000, "ms")
    figure("commit, WAL, synchronous = FULL", commits("FULL") * 1000, "ms")
    nsave = 30
    save = "".join("<F2>\n<Enter>\n<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>"
                   f"议题{i}<Tab>\n<F2>\n" for i in range(nsave))
    saving = script("saving.keys", "1\n" + save + ":dump s.txt\n")
    opening = script("opening.keys", "1\n:dump s.txt\n")
    def session(keys):
        path = os.path.join(tmp, "saving.db")
        for side in ("", "-wal", "-shm"):
            if os.path.exists(path + side):
                os.remove(path + side)
        shutil.copyfile(ten_db, path)
        t0 = time.perf_counter()
        subprocess.run([zhibu, "--db", path] + LOGIN + ["--script", keys, "--size", "80x24"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0
    t_save = statistics.median([session(saving) for _ in range(3)])
    t_open = statistics.median([session(opening) for _ in range(3)])
    figure("save a meeting from the form (FULL)", (t_save - t_open) / nsave * 1000, "ms")

print(f"district database: {branches} branches, {members} members, {nmeet} meeting records ({db})")
print(f"demo --branches 350 generated in {gen:.2f} s, peak {gen_rss / 1024:.0f} MB (not a budget item)")
for r in rows:
    print(r)
PY
