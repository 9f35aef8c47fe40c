#!/bin/sh
# make bench — measures zhibu against the budgets in DESIGN.md on the ten-year district: a demo
# database of 350 branches with ten years of records (zhibu demo --branches 350 --years 10
# --seed 1), made once and cached in bench/out/district10.db (made again when a fresh demo of this
# zhibu has another schema version: pragma user_version). Prints one line per measure:
#   what  figure  budget  ok|OVER     (budget "—": DESIGN.md sets none; the figure is for the record)
# Figures are medians of several runs, wall-clock on this machine; a figure over its budget says
# OVER and the bench goes on to the end (a measure that cannot run says "not measured: …").
#
# Every run also generates a fresh district (timed against its own budget, 2 min) in a temporary
# directory: when the cache is missing or stale, that one becomes the cache (the bench never
# generates twice); otherwise it is the scratch copy on which the runs that write to a database
# (verify, which records its result, and the bundle exports) are measured, so the cache stays as
# the demo made it. Screens, lists, audit, report and backup read the cache. The temporary
# directory (under $TMPDIR; several GB at full scale: the fresh district, 350 bundles, a township
# with all of them, copies of the backup) is removed at the end, also when the bench fails.
#
# Knobs (environment; the budgets are set for the defaults, smaller scales only test the bench):
#   BENCH_BRANCHES=N  branches of the district (default 350)
#   BENCH_YEARS=N     years of records, 1..10 (default 10); another scale than 350 × 10 is cached
#                     as bench/out/district-NxY.db, e.g. BENCH_BRANCHES=10 BENCH_YEARS=2 sh bench/run.sh
#   BENCH_GEN=0       no fresh generation when the cache is up to date (its line: not measured)
#   BENCH_DB=PATH     measure an existing district database instead of the cache (no generation);
#                     it is never written: copied into the temporary directory, and measured there
#   BENCH_ONLY="review verify …"  only these parts (their function names: size first_screen keys
#                     paste meetings dues review list_members audit monthly_report verify one_branch
#                     all_branches import_bench backup sync); the district is made or copied as always
#   BENCH_TOWNSHIPS=N, BENCH_DISTRICT_BRANCHES=N, BENCH_DISTRICT_YEARS=N  the district of townships
#                     (issue 18; default 20 townships, 345 branches, 2 years: zhibu demo --district),
#                     cached as bench/out/district-townships.db (another scale:
#                     district-townships-TxBxY.db); its parts: district_make district_review
#                     district_circular district_audit. Made only when missing or stale (it takes
#                     minutes), or with BENCH_DISTRICT_GEN=1; its generation's lines (time, memory,
#                     the bundles' import as the demo measures it) are kept beside it (.db.txt) and
#                     printed again with the day they were measured. BENCH_ONLY naming only those skips the
#                     ten-year district above. BENCH_DISTRICT_REVIEW_KEYS: the keys from the district
#                     reviewer's home to the 复审 screen (default "1" and Enter)
#   BENCH_TODAY=DATE  the clock of every run (ZHIBU_TODAY; default 2026-11-21, or with BENCH_DB the
#                     day that database was made when later)
#   ZHIBU=PATH        the binary (default ./zhibu)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
ZHIBU=${ZHIBU:-$ROOT/zhibu}
mkdir -p "$OUT"
export LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=${BENCH_TODAY:-2026-11-21} ZHIBU_CONFIG=$ROOT/config/zhibu.ini
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zhibu-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
cd "$OUT"
/usr/bin/python3 - "$ZHIBU" "$OUT" "$WORK" <<'PY'
import os, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

zhibu, out_dir, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
BRANCHES = int(os.environ.get("BENCH_BRANCHES") or 350)
YEARS = int(os.environ.get("BENCH_YEARS") or 10)
BENCH_DB = os.environ.get("BENCH_DB") or ""
GENERATE = os.environ.get("BENCH_GEN", "1") != "0"
db = ten_db = scratch = None   # the district (cache), one branch of ten years, the scratch copy

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
SELECT m.branch_id, m.id, m.date, m.kind, m.also_mask, ifnull(m.group_id, 0)
  FROM branch b JOIN meeting m ON m.branch_id = b.id WHERE b.id BETWEEN 1 AND 9223372036854775807
  AND m.date >= '{JAN}' AND m.date <= '{ME}' AND m.voided_at IS NULL ORDER BY b.id, m.date;
SELECT m.id, m.quorum, m.missing_mask, m.created_at
  FROM branch b JOIN meeting m ON m.branch_id = b.id WHERE b.id BETWEEN 1 AND 9223372036854775807
  AND m.date >= '{MS}' AND m.date <= '{ME}' AND m.voided_at IS NULL ORDER BY b.id, m.date;
SELECT g.branch_id, g.id, g.name, g.start_date, g.end_date FROM party_group g
  WHERE g.branch_id BETWEEN 1 AND 9223372036854775807
  AND (g.voided_at IS NULL OR substr(g.voided_at, 1, 10) > '{ME}') ORDER BY g.branch_id, g.id;
SELECT id, branch_id, name, office <> '', status, full_date, join_date, leave_status, leave_date,
  dues_category, mobile,
  CASE WHEN status = 'probationary' THEN ifnull((SELECT d.until FROM probation_decision d
  WHERE d.member_id = member.id AND d.kind = 'extend' AND d.date <= '{ME}' ORDER BY d.date DESC, d.id DESC LIMIT 1), '')
  ELSE '' END, ifnull(group_id, 0) FROM member WHERE join_date <= '{ME}'
  AND (leave_status = '' OR leave_date >= '{MS}') ORDER BY id;
SELECT member_id, dues_paid_through FROM member_transfer WHERE direction = 'out'
  ORDER BY member_id, date DESC, id DESC;
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

def figure(what, value, unit):
    rows.append(f"{what:<44} {value:>9.2f} {unit:<3} budget {'—':>6} {'':<3} —")

def note(what, text):
    rows.append(f"{what:<44} {text}")

def say(text):
    print(f"bench: {text}", file=sys.stderr, flush=True)

peaks = []   # (what, KiB): every zhibu run but the demo's generation, for the peak memory line
def peak(what, kib):
    peaks.append((what, kib))

def timed(args, codes=(0,), out=None):
    """wall seconds and peak RSS (KiB) of one `zhibu args`, which must exit with one of codes
    (its standard output into the file out, if given)"""
    rss_file = os.path.join(tmp, "rss")
    sink = open(out, "w") if out else subprocess.DEVNULL
    t0 = time.perf_counter()
    rc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, zhibu] + args,
                        stdout=sink, stderr=subprocess.DEVNULL).returncode
    t = time.perf_counter() - t0
    if out:
        sink.close()
    if rc not in codes:
        raise RuntimeError(f"zhibu {' '.join(args[:2])} exited with {rc}")
    with open(rss_file) as f:
        return t, int(f.read().split()[-1])

def query(path, sql):
    """the rows of one query on a database opened read-only"""
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return c.execute(sql).fetchall()
    finally:
        c.close()

def remove_db(path):
    for side in ("", "-wal", "-shm"):
        if os.path.exists(path + side):
            os.remove(path + side)

def copy_db(src, dst):
    # the copy written out to the disk before anything is timed: the kernel's writeback of a
    # 1.85 GB copy otherwise runs during the next measures, on the same two cores
    remove_db(dst)
    shutil.copyfile(src, dst)
    if os.path.exists(src + "-wal"):
        shutil.copyfile(src + "-wal", dst + "-wal")
    os.sync()

def has(command):
    return subprocess.run([zhibu, command, "--help"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0

ONLY = (os.environ.get("BENCH_ONLY") or "").replace(",", " ").split()
def section(name, fn):
    """one part of the bench: a failure is a line of the output, and the bench goes on"""
    if ONLY and fn.__name__ not in ONLY:
        return
    say(name)
    before = len(rows)
    try:
        fn()
    except Exception as e:
        rows.append(f"not measured: {name} ({e})")
    for r in rows[before:]:
        say(r)   # as it goes (stdout has them all at the end)

def leaves(path):
    return [r[0] for r in query(path, "select code from branch b where not exists"
                                " (select 1 from branch c where c.parent_id = b.id) order by code")]

# ---- the district of townships (issue 18) -------------------------------------------------------
# A district database as a real district receives it: `zhibu demo --district` makes DIST_TOWNSHIPS
# township databases (DIST_BRANCHES branches in all, DIST_YEARS years of records), has each review
# its last months and export them as month bundles for the district, and imports those into the
# district (its re-review, stations and spot checks on top). Made once and cached in bench/out
# (district-townships.db; another scale: district-townships-TxBxY.db), made again when a fresh
# demo of this zhibu has another schema version. Parts (BENCH_ONLY names): district_make (the
# generation, timed; with it, the bundles' import as the demo reports it), district_review (the
# 复审 screen's first draw), district_circular (the 通报 of a month to .xlsx; of the four quarters
# of a year), district_audit (zhibu audit of the district: every branch with both levels' verdicts).
# BENCH_ONLY with district parts only skips the ten-year district above altogether.
DIST_TOWNSHIPS = int(os.environ.get("BENCH_TOWNSHIPS") or 20)
DIST_BRANCHES = int(os.environ.get("BENCH_DISTRICT_BRANCHES") or 345)
DIST_YEARS = int(os.environ.get("BENCH_DISTRICT_YEARS") or 2)
DIST_DEFAULT = (DIST_TOWNSHIPS, DIST_BRANCHES, DIST_YEARS) == (20, 345, 2)
dist = {"db": None, "made": False}
DIST_MONTH = "2026-10"

def district_db():
    """the cached district of townships (made when missing or stale); its path"""
    if dist["db"]:
        return dist["db"]
    name = "district-townships.db" if DIST_DEFAULT else \
        f"district-townships-{DIST_TOWNSHIPS}x{DIST_BRANCHES}x{DIST_YEARS}.db"
    path = os.path.join(out_dir, name)
    probe = os.path.join(tmp, "probe-d.db")
    subprocess.run([zhibu, "demo", "--db", probe, "--branches", "1", "--years", "0", "--seed", "1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    want = query(probe, "pragma user_version")[0][0]
    remove_db(probe)
    try:
        stale = os.path.getsize(path) == 0 or query(path, "pragma user_version")[0][0] != want
    except (OSError, sqlite3.Error):
        stale = True
    if stale:
        district_generate(path)
    dist["db"] = path
    return path

def district_generate(path):
    scale = f"--townships {DIST_TOWNSHIPS} --branches {DIST_BRANCHES} --years {DIST_YEARS}"
    fresh = os.path.join(tmp, "district-fresh.db")
    remove_db(fresh)
    say(f"generating the district of townships: zhibu demo --district {scale} --seed 1")
    said = os.path.join(tmp, "district-demo.txt")
    rss_file = os.path.join(tmp, "rss")
    t0 = time.perf_counter()
    with open(said, "w") as err:
        rc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, zhibu, "demo", "--district",
                             "--db", fresh, "--townships", str(DIST_TOWNSHIPS), "--branches",
                             str(DIST_BRANCHES), "--years", str(DIST_YEARS), "--seed", "1"],
                            stdout=subprocess.DEVNULL, stderr=err).returncode
    t = time.perf_counter() - t0
    with open(said, encoding="utf-8") as f:
        text = f.read()
    if rc != 0:
        raise RuntimeError(f"zhibu demo --district exited with {rc}: {text.strip()[-200:]}")
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    size = sum(os.path.getsize(fresh + s) for s in ("", "-wal") if os.path.exists(fresh + s))
    remove_db(path)
    copy_db(fresh, path)
    remove_db(fresh)
    # what the generation measured, kept beside the cache: its lines are printed again (with the
    # day they were measured) by the runs that find the cache up to date
    with open(path + ".txt", "w", encoding="utf-8") as f:
        f.write(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC\n{scale}\n{t}\n{rss}\n{size}\n{text}")
    dist["made"] = True

def district_figures(path):
    """the lines of the generation that made the cache (its sidecar file)"""
    try:
        with open(path + ".txt", encoding="utf-8") as f:
            when, scale, t, rss, size, text = f.read().split("\n", 5)
    except (OSError, ValueError):
        note("demo --district", "not measured (the cache was made without its figures: BENCH_DISTRICT_GEN=1)")
        return
    figure(f"demo --district {scale}", float(t), "s")
    if not dist["made"]:
        note("  measured when the cache was made", when)
    note("  peak memory of the generation", f"{int(rss) / 1024:>9.2f} MB  (the bench's input: not in the peak memory line)")
    figure("  the district database", int(size) / 1e6, "MB")
    # the demo says how long the district took to import its townships' bundles
    import re
    m = re.search(r"导入 (\d+) 个乡镇月度交换包（([0-9.]+) 秒，最大的一个 ([0-9.]+) 秒）", text)
    if m:
        figure(f"import of the {m.group(1)} township month bundles", float(m.group(2)), "s")
        figure("  per bundle, mean", float(m.group(2)) / max(int(m.group(1)), 1), "s")
        figure("  the slowest bundle", float(m.group(3)), "s")
    else:
        note("import of the township month bundles", "not measured (the demo did not say)")

def district_make():
    path = district_db()
    if not dist["made"] and os.environ.get("BENCH_DISTRICT_GEN") == "1":
        district_generate(path)
    district_figures(path)
    t, b = query(path, "select (select count(*) from township), (select count(*) from township_branch)")[0]
    note("  the district of townships", f"{t} townships, {b} branches ({path})")

def district_review():
    path = district_db()
    # the district's reviewer (quxian): home, then the 复审 screen; the screen's first draw is the
    # session with it minus the session without (as the township table above)
    qx = ["--user", "quxian", "--password-file", pwfile_d()]
    home = script("dr_home.keys", ":dump dr-home.txt\n")
    keys = os.environ.get("BENCH_DISTRICT_REVIEW_KEYS") or "1\n"
    screen = script("dr_screen.keys", keys + ":dump dr.txt\n")
    t_home, rss_home = run(["--db", path] + qx + ["--script", home, "--size", "80x24"], 7)
    t_screen, rss = run(["--db", path] + qx + ["--script", screen, "--size", "80x24"], 7)
    with open(os.path.join(out_dir, "dr.txt"), encoding="utf-8") as f:
        drawn = f.read()
    with open(os.path.join(out_dir, "dr-home.txt"), encoding="utf-8") as f:
        at_home = f.read()
    if drawn == at_home or "红旗镇" not in drawn:
        rows.append("not measured: 复审 screen (not in this build: the reviewer's home has no 复审 screen)")
        return
    peak("复审 screen", max(rss_home, rss))
    report("复审 screen (quxian), first draw", (t_screen - t_home) * 1000, "ms", 100)

def pwfile_d():
    return script("demo-d.pw", "demo1234\n")

def district_circular():
    path = district_db()
    if not has("circular"):
        rows.append("not measured: 通报 (zhibu circular not in this build)")
        return
    xlsx = os.path.join(tmp, "circular.xlsx")
    t, rss = run(["circular", "--db", path, "--month", DIST_MONTH, "--out", xlsx, "--force"], 7)
    peak("circular, month", rss)
    report(f"通报 of a month to .xlsx ({DIST_MONTH})", t * 1000, "ms", 300)
    total, top = 0.0, 0
    for q in range(1, 5):
        xq = os.path.join(tmp, f"circular-q{q}.xlsx")
        tq, rq = run(["circular", "--db", path, "--quarter", f"2026-Q{q}" if q < 4 else "2025-Q4",
                      "--out", xq, "--force"], 3)
        total += tq
        top = max(top, rq)
    peak("circular, quarters", top)
    figure("通报 of a year: four quarters to .xlsx (sum)", total * 1000, "ms")

def district_audit():
    path = district_db()
    t, rss = run(["audit", "--db", path, "--month", DIST_MONTH, "--format", "csv"], 7)
    peak("district audit", rss)
    figure("zhibu audit of the district (both levels' verdicts)", t * 1000, "ms")

DISTRICT_PARTS = (("district of townships: made", district_make),
                  ("district: 复审 screen", district_review),
                  ("district: 通报", district_circular),
                  ("district: audit", district_audit))

def district_parts():
    for name, fn in DISTRICT_PARTS:
        section(name, fn)
    dpeaks = [k for w, k in peaks if w.startswith(("复审", "circular", "district"))]
    if dpeaks:
        report("peak memory of the district's runs", max(dpeaks) / 1024, "MB", 32)

if ONLY and all(p.startswith("district_") for p in ONLY):
    district_parts()
    for r in rows:
        print(r)
    sys.exit(0)

# ---- the district: made once and cached; its generation timed on every run --------------------
SCALE = f"--branches {BRANCHES} --years {YEARS}"
if (BRANCHES, YEARS) != (350, 10):
    note(f"scale {BRANCHES} branches × {YEARS} years", "(BENCH_BRANCHES/BENCH_YEARS: the budgets are set for 350 × 10)")
old = os.path.join(out_dir, "district.db")   # the two-year district of an earlier bench
if os.path.exists(old):
    say(f"removing the earlier bench's two-year district {old}")
    remove_db(old)
probe = os.path.join(tmp, "probe.db")   # the schema version of this zhibu: that of a fresh demo
subprocess.run([zhibu, "demo", "--db", probe, "--branches", "1", "--years", "0", "--seed", "1"],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
want = query(probe, "pragma user_version")[0][0]
remove_db(probe)
if BENCH_DB:
    db = scratch = os.path.join(tmp, "district.db")
    say(f"copying {BENCH_DB} to {db}")
    copy_db(BENCH_DB, db)
    note(f"demo {SCALE}", f"not measured (BENCH_DB: {BENCH_DB}, measured on a copy)")
    # its "today": the day it was made (a demo made without ZHIBU_TODAY has records up to that
    # day, which a township whose clock says 2026-11-21 refuses as from the future)
    if not os.environ.get("BENCH_TODAY"):
        made = query(db, "select substr(max(created_at), 1, 10) from branch")[0][0]
        if made and made > os.environ["ZHIBU_TODAY"]:
            os.environ["ZHIBU_TODAY"] = made
            note("  today (ZHIBU_TODAY)", f"{made}: the day it was made (BENCH_TODAY to set another)")
    have = query(db, "pragma user_version")[0][0]
    if have != want:
        # an older schema: the first open migrates it (after a backup beside it, in the temporary
        # directory); done here, once, so that no measure below includes it
        say(f"migrating the copy from schema version {have} to {want}")
        t, rss = timed(["list", "members", "--db", db, "--format", "csv"])
        figure(f"  first open: migration v{have} → v{want}", t, "s")
        for f in os.listdir(tmp):
            if f.startswith("district.db.v") and f.endswith(".bak"):
                os.remove(os.path.join(tmp, f))
else:
    name = "district10.db" if (BRANCHES, YEARS) == (350, 10) else f"district-{BRANCHES}x{YEARS}.db"
    db = os.path.join(out_dir, name)
    try:
        stale = os.path.getsize(db) == 0 or query(db, "pragma user_version")[0][0] != want
    except (OSError, sqlite3.Error):
        stale = True
    fresh = os.path.join(tmp, "fresh.db")
    if stale or GENERATE:
        say(f"generating a fresh district: zhibu demo {SCALE} --seed 1")
        t, rss = timed(["demo", "--db", fresh, "--branches", str(BRANCHES), "--years", str(YEARS),
                        "--seed", "1"])
        report(f"demo {SCALE} (fresh)", t, "s", 120)
        note("  peak memory of the generation", f"{rss / 1024:>9.2f} MB  (the bench's input: not in the peak memory line)")
    else:
        note(f"demo {SCALE}", "not measured (BENCH_GEN=0 and the cache is up to date)")
    if stale:
        say(f"caching it as {db}")
        remove_db(db)
        copy_db(fresh, db)
    if os.path.exists(fresh):
        scratch = fresh
    else:
        scratch = os.path.join(tmp, "scratch.db")
        copy_db(db, scratch)
# one branch with ten years of records, for the commit cost below: made with the district
# database, again whenever that is
ten_db = os.path.join(out_dir, "ten-years.db")
if not os.path.exists(ten_db) or os.path.getmtime(db) > os.path.getmtime(ten_db):
    remove_db(ten_db)
    if subprocess.run([zhibu, "demo", "--db", ten_db, "--branches", "1", "--years", "10", "--seed", "1"],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        remove_db(ten_db)

def size():
    """the file (and its -wal, if any), then where its bytes go (dbstat)"""
    n = sum(os.path.getsize(db + side) for side in ("", "-wal") if os.path.exists(db + side))
    report("database file size (10^9 bytes)", n / 1e9, "GB", 1.5)
    total = 0
    top = []
    for name, bytes_ in query(db, "select name, sum(pgsize) from dbstat group by name order by 2 desc"):
        total += bytes_
        if len(top) < 10:
            top.append((name, bytes_))
    for name, bytes_ in top:
        note(f"  {name}", f"{bytes_ / 1e6:>9.1f} MB  ({bytes_ * 100 / max(total, 1):.0f}% of the pages)")

section("database file size", size)
branches = query(db, "select count(*) from branch")[0][0]
members = query(db, "select count(*) from member")[0][0]
nmeet = query(db, "select count(*) from meeting")[0][0]
payments = query(db, "select count(*) from dues_payment")[0][0]

# ---- the interface -------------------------------------------------------------------------------
pwfile = script("demo.pw", "demo1234\n")
LOGIN = ["--user", "shuji", "--password-file", pwfile]
REVIEWER = ["--user", "shencha", "--password-file", pwfile]
n = 2000
first = script("first.keys", ":dump first.txt\n")

def first_screen():
    # start to first full screen: open the database, draw the login screen, dump, leave
    t_first, rss = run(["--db", db, "--script", first, "--size", "80x24"])
    peak("first screen", rss)
    report("start to first full screen (login, 80x24)", t_first * 1000, "ms", 100)
    # every other interface run logs in as the demo's secretary (the argon2id check, once per run)
    t_home, rss = run(["--db", db] + LOGIN + ["--script", first, "--size", "80x24"])
    peak("login to home", rss)
    note("login: password check, then home (80x24)", f"{t_home * 1000:>9.2f} ms  (start to home, once per session)")

def keys():
    # a key press in a list: 2000 moves in the roster vs. the same run without them
    base = script("base.keys", "2\n:dump r.txt\n")
    moves = script("moves.keys", "2\n" + "<Down><Down><PgDn><Up>" * (n // 4) + "\n:dump r.txt\n")
    t_base, _ = run(["--db", db] + LOGIN + ["--script", base, "--size", "120x40"], 5)
    t_moves, rss = run(["--db", db] + LOGIN + ["--script", moves, "--size", "120x40"], 5)
    peak("roster list", rss)
    report("key press in the roster list to redraw", (t_moves - t_base) / n * 1000, "ms", 5)
    # a key press in a form: typing into the member form
    typing = script("typing.keys", "2\n<F2>\n" + ("王小明<BS><BS><BS>" * (n // 6)) + "\n:dump f.txt\n")
    baseform = script("baseform.keys", "2\n<F2>\n:dump f.txt\n")
    t_bf, _ = run(["--db", db] + LOGIN + ["--script", baseform, "--size", "120x40"], 5)
    t_typing, rss = run(["--db", db] + LOGIN + ["--script", typing, "--size", "120x40"], 5)
    peak("member form", rss)
    report("key press in the member form to redraw", (t_typing - t_bf) / n * 1000, "ms", 5)

def paste():
    # pasting 100,000 characters into the minutes of a new meeting (the field takes 20,000: the
    # program asks, y takes them), against the same form without the paste
    form_head = "1\n<F2>\n<Down><Enter>\n<C-u>2026-11-20<Tab>09:00<Tab>11:30<Tab>会议室<Tab><Tab><Tab><Tab><Tab>议题<Tab>"
    pasting = script("paste.keys", form_head + "测" * 100000 + "\ny\n:dump p.txt\n")
    nopaste = script("nopaste.keys", form_head + "\n:dump p.txt\n")
    t_nopaste, _ = run(["--db", db] + LOGIN + ["--script", nopaste, "--size", "80x24"], 3)
    t_paste, rss = run(["--db", db] + LOGIN + ["--script", pasting, "--size", "80x24"], 3)
    peak("paste", rss)
    report("pasting 100,000 characters into a text field", t_paste - t_nopaste, "s", 1)

def meetings():
    # the meeting list: open it from home, then scroll through it
    meet_open = script("meet_open.keys", "1\n:dump m.txt\n")
    t_mopen, rss = run(["--db", db] + LOGIN + ["--script", meet_open, "--size", "80x24"], 7)
    peak("meeting list", rss)
    report("open the meeting list (start, login, list)", t_mopen * 1000, "ms", 100)
    meet_scroll = script("meet_scroll.keys", "1\n" + "<PgDn><PgDn><Down><PgUp>" * (n // 4) + "\n:dump m.txt\n")
    t_mscroll, _ = run(["--db", db] + LOGIN + ["--script", meet_scroll, "--size", "80x24"], 5)
    report("key press scrolling the meeting list", (t_mscroll - t_mopen) / n * 1000, "ms", 5)
    meet_search = script("meet_search.keys", "1\n/学习贯彻\n<Enter>\n:dump m.txt\n")
    t_msearch, _ = run(["--db", db] + LOGIN + ["--script", meet_search, "--size", "80x24"], 5)
    report("search the meeting list (4 Chinese characters: each of the branch's records)", (t_msearch - t_mopen) * 1000, "ms", 100)

def dues():
    # the dues grid of a village branch: open it, move around it, the arrears list
    dues_open = script("dues_open.keys", "3\n:dump d.txt\n")
    t_dopen, rss = run(["--db", db] + LOGIN + ["--script", dues_open, "--size", "80x24"], 7)
    peak("dues grid", rss)
    report("open the dues grid (start, login, grid)", t_dopen * 1000, "ms", 100)
    dues_move = script("dues_move.keys", "3\n" + "<Down><Left><Down><Right>" * (n // 4) + "\n:dump d.txt\n")
    t_dmove, _ = run(["--db", db] + LOGIN + ["--script", dues_move, "--size", "80x24"], 5)
    report("key press moving in the dues grid", (t_dmove - t_dopen) / n * 1000, "ms", 5)
    arrears = script("arrears.keys", "3\na\n:dump d.txt\n")
    t_arr, rss = run(["--db", db] + LOGIN + ["--script", arrears, "--size", "80x24"], 5)
    peak("arrears list", rss)
    report("open the arrears list from the grid", (t_arr - t_dopen) * 1000, "ms", 100)

def review():
    # the township reviewer (shencha): home, then 5 月审月报 and its first choice (全部支部月审):
    # every branch's month in one table (the loader and the judge of every branch), then Enter on
    # the first row: that branch's page; each against the same session without the last step
    home = script("rv_home.keys", ":dump v.txt\n")
    table = script("rv_table.keys", "5\n<Enter>\n:dump v.txt\n")
    page = script("rv_page.keys", "5\n<Enter>\n<Enter>\n:dump v.txt\n")
    t_home, rss_home = run(["--db", db] + REVIEWER + ["--script", home, "--size", "80x24"], 7)
    t_table, rss_table = run(["--db", db] + REVIEWER + ["--script", table, "--size", "80x24"], 7)
    t_page, rss_page = run(["--db", db] + REVIEWER + ["--script", page, "--size", "80x24"], 7)
    peak("review table", max(rss_home, rss_table))
    peak("a branch's review page", rss_page)
    with open(os.path.join(out_dir, "v.txt"), encoding="utf-8") as f:
        if "支部月审" not in f.read():
            raise RuntimeError("the branch's review page did not open (v.txt)")
    report("township review table, first draw", (t_table - t_home) * 1000, "ms", 100)
    report("  open a branch's page from it", (t_page - t_table) * 1000, "ms", 100)
    note("    drawn before the branch's verify runs", "(the figure above is to the dump: it includes the verify)")

for name, fn in (("first screen", first_screen), ("key presses", keys), ("paste", paste),
                 ("meeting list", meetings), ("dues grid", dues), ("township review table", review)):
    section(name, fn)

# ---- commands --------------------------------------------------------------------------------------
def list_members():
    # list members of the whole district (streams rows)
    t_list, rss = run(["list", "members", "--db", db, "--format", "csv"], 5)
    peak("list members", rss)
    report("list members, whole district, CSV", t_list * 1000, "ms", 1000)

month = "2026-10"
def audit():
    # the monthly review of every branch: the whole command (start, open, load, judge, CSV out)
    # against the loader's queries run raw in the sqlite3 shell (process start and output to
    # /dev/null included on both sides)
    t_audit, rss = run(["audit", "--db", db, "--month", month, "--format", "csv"], 9)
    peak("audit", rss)
    raw_sql = script("audit_raw.sql", AUDIT_RAW_SQL)
    times = []
    for _ in range(9):
        t0 = time.perf_counter()
        with open(raw_sql) as f:
            subprocess.run(["sqlite3", "-batch", db], stdin=f, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    t_raw = statistics.median(times)
    report("monthly audit of every branch (zhibu audit)", t_audit * 1000, "ms", 50)
    note("  the same queries raw in the sqlite3 shell", f"{t_raw * 1000:>9.2f} ms  (reference for the ratio below; no budget of its own)")
    report("  ratio audit / raw queries", t_audit / t_raw, "x", 2)

def monthly_report():
    # the monthly report of every branch to .xlsx (汇总, 问题清单, 统计)
    xlsx = os.path.join(tmp, "report.xlsx")
    t_report, rss = run(["report", "--db", db, "--month", month, "--out", xlsx, "--force"], 7)
    peak("report", rss)
    report("monthly report to .xlsx (zhibu report)", t_report * 1000, "ms", 300)

def verify():
    # zhibu verify of the whole district: every branch's hash chain and every record against its
    # latest journal entry. It records its result in the database (the review screen shows it):
    # measured on the scratch copy, not the cache
    times, said = [], os.path.join(tmp, "verify.txt")
    for _ in range(3):
        t, rss = timed(["verify", "--db", scratch], codes=(0, 1), out=said)
        times.append(t)
        peak("verify", rss)
    report("zhibu verify, whole district", statistics.median(times), "s", 10)
    with open(said, encoding="utf-8") as f:
        lines = f.read().strip().splitlines() or ["(nothing)"]
    note("  what it says", " ".join(lines[:2])[:80])

section("list members", list_members)
if has("audit"):
    section("monthly audit", audit)
    section("monthly report", monthly_report)
else:
    rows.append("not measured: monthly audit, monthly report (zhibu audit/report not in this build)")
if has("verify"):
    section("zhibu verify", verify)
else:
    rows.append("not measured: zhibu verify (not in this build)")

# ---- moving branches between offices (zhibu bundle) ---------------------------------------------
pw_town = script("pw", "bench1234\n")
townships = 0
def township():
    """an empty township database, as `zhibu init --office township` makes it (a test one: the
    bundles come from the district demo, and a real ledger takes no demo's bundle)"""
    global townships
    townships += 1
    path = os.path.join(tmp, f"township{townships}.db")
    subprocess.run([zhibu, "init", "--test", "--db", path, "--office", "township", "--password-file", pw_town],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path

def trust(bundle):
    """--trust and the fingerprint of the bundle's signer (first use: the township confirms it)"""
    return ["--trust", query(bundle, "select value from manifest where key = 'office_fingerprint'")[0][0]]

exports = 0
def export(path, code):
    global exports
    exports += 1
    out = os.path.join(tmp, f"b{exports}-{code}.zbx")
    t, rss = timed(["bundle", "export", "--db", path, "--branch", code, "--out", out])
    peak("bundle export", rss)
    return out, t

def one_branch(repeat=5):
    """median export, and median import into an empty township, of the district's largest branch
    (most members; its ten years of records)"""
    code, nm = query(scratch, "select b.code, (select count(*) from member m where m.branch_id = b.id)"
                     " from branch b where not exists (select 1 from branch c where c.parent_id = b.id)"
                     " order by 2 desc, b.code limit 1")[0]
    te, ti = [], []
    for _ in range(repeat):
        out, t = export(scratch, code)
        te.append(t)
        town = township()
        args = trust(out) + [out]
        t, rss = timed(["bundle", "import", "--db", town] + args)
        peak("bundle import", rss)
        ti.append(t)
        size = os.path.getsize(out)
        os.remove(out)
        remove_db(town)
    report(f"bundle export, 1 branch ({YEARS} years)", statistics.median(te) * 1000, "ms", 200)
    report(f"bundle import, 1 branch, empty township", statistics.median(ti) * 1000, "ms", 200)
    note("  the branch", f"{code}: {nm} members, a bundle of {size / 1e6:.1f} MB")

def all_branches():
    # every branch of the district: exported one by one, then imported one by one into an empty
    # township (each a process of its own, as a reviewer would run them)
    codes = leaves(scratch)
    t0 = time.perf_counter()
    files = [export(scratch, code)[0] for code in codes]
    t_all_export = time.perf_counter() - t0
    total = sum(os.path.getsize(f) for f in files)
    args = [trust(f) + [f] for f in files]
    town = township()
    each = []
    say(f"importing {len(files)} bundles ({total / 1e6:.0f} MB) into an empty township")
    t0 = time.perf_counter()
    for a in args:
        t, rss = timed(["bundle", "import", "--db", town] + a)
        peak("bundle import", rss)
        each.append(t)
    t_all_import = time.perf_counter() - t0
    figure(f"bundle export of all {len(files)} branches (loop)", t_all_export, "s")
    report(f"bundle import of {len(files)} bundles, empty township", t_all_import, "s", 30)
    figure("  per bundle, median", statistics.median(each) * 1000, "ms")
    figure("  per bundle, slowest", max(each) * 1000, "ms")
    figure(f"  the {len(files)} bundles", total / 1e6, "MB")
    for f in files:
        os.remove(f)
    remove_db(town)
    figure("peak memory of a bundle export or import",
           max(k for w, k in peaks if w.startswith("bundle")) / 1024, "MB")

if has("bundle"):
    section("bundle export/import of one branch", one_branch)
    section("bundle export/import of every branch", all_branches)
else:
    rows.append("not measured: zhibu bundle export/import (not in this build)")

# importing an office's roster of 1,000 members from .xlsx (zhibu import members, issue 15):
# each run into a fresh copy of a one-branch demo, as its secretary (the login's argon2id check
# included); the dry run beside it reads and checks the same file without a login
def import_bench(repeat=5):
    import datetime
    try:
        import openpyxl
    except ImportError:
        rows.append("not measured: roster import (python3-openpyxl missing)")
        return
    if not has("import"):
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
    dry, real, top = [], [], 0
    for k in range(repeat):
        target = os.path.join(tmp, f"import-{k}.db")
        shutil.copyfile(base, target)
        t, r = timed(["import", "members", "--db", target, "--branch", code, "--dry-run", xlsx])
        dry.append(t)
        t, r2 = timed(["import", "members", "--db", target, "--branch", code, "--as", "shuji",
                       "--as-password-file", pwfile, xlsx])
        real.append(t)
        top = max(top, r, r2)
        remove_db(target)
    peak("roster import", top)
    report("import 1,000 members from .xlsx (as shuji)", statistics.median(real), "s", 1)
    note("  the same file, dry run (read and check)", f"{statistics.median(dry) * 1000:>9.2f} ms  (no login, nothing written)")
    figure("peak memory of a roster import", top / 1024, "MB")

section("roster import", import_bench)

# backups (issue 15): zhibu backup of the district database (the copy through SQLite's backup
# API, then integrity_check and the verification on the copy) beside the backup API alone and a
# plain cp of the same file (which would miss what a running zhibu still holds in the -wal)
def backup():
    bdir = os.path.join(tmp, "backups")
    os.makedirs(bdir, exist_ok=True)
    tb, top = [], 0
    for _ in range(3):   # three, not five: a copy of the whole district each
        for f in os.listdir(bdir):
            os.remove(os.path.join(bdir, f))
        t, rss = timed(["backup", "--db", db, "--to", bdir])
        tb.append(t)
        top = max(top, rss)
    shutil.rmtree(bdir)
    peak("backup", top)
    def median_of(fn, repeat=3):
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
    cp_copy = os.path.join(tmp, "cp-copy.db")
    def cp():
        shutil.copyfile(db, cp_copy)
    size_mb = os.path.getsize(db) / (1024 * 1024)
    figure(f"backup of the district database ({size_mb:.0f} MB)", statistics.median(tb), "s")
    figure("  SQLite's backup API alone (no checks)", median_of(api), "s")
    remove_db(api_copy)
    figure("  plain cp of the same file", median_of(cp), "s")
    remove_db(cp_copy)
    figure("  peak memory of zhibu backup", top / 1024, "MB")

if has("backup"):
    section("zhibu backup", backup)
else:
    rows.append("not measured: zhibu backup (not in this build)")

# what synchronous = FULL costs a commit (the ledger's setting since issue 15): 200 small
# transactions on a copy of the ten-year one-branch database in WAL mode, NORMAL against FULL, and
# saving meetings through the interface (the build's FULL) against the same session without them
def sync():
    def commits(mode, n=200):
        path = os.path.join(tmp, f"sync-{mode}.db")
        remove_db(path)
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
        remove_db(path)
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
        remove_db(path)
        shutil.copyfile(ten_db, path)
        t0 = time.perf_counter()
        subprocess.run([zhibu, "--db", path] + LOGIN + ["--script", keys, "--size", "80x24"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0
    t_save = statistics.median([session(saving) for _ in range(3)])
    t_open = statistics.median([session(opening) for _ in range(3)])
    figure("save a meeting from the form (FULL)", (t_save - t_open) / nsave * 1000, "ms")

if os.path.exists(ten_db):
    section("commit cost", sync)
else:
    rows.append("not measured: commit cost (zhibu demo --branches 1 --years 10 failed)")

district_parts()

# the largest resident set of any zhibu run above (the demo's generation aside: the bench's input)
if peaks:
    what, kib = max(peaks, key=lambda p: p[1])
    report("peak memory (every zhibu run above)", kib / 1024, "MB", 32)
    note("  the largest", what)

print(f"district database: {branches} branches, {members} members, {nmeet} meeting records, "
      f"{payments} dues payments ({BENCH_DB or db})")
for r in rows:
    print(r)
PY
