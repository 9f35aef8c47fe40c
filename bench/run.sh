#!/bin/sh
# make bench — measures zhibu against the budgets in DESIGN.md on a district-size demo
# database (350 branches), made once in bench/out/. Prints one line per measure:
#   what  figure  budget  ok|OVER
# Figures are medians of several runs, wall-clock on this machine.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
ZHIBU=${ZHIBU:-$ROOT/zhibu}
mkdir -p "$OUT"
export LC_ALL=C.UTF-8 TZ=UTC ZHIBU_TODAY=2026-11-21 ZHIBU_CONFIG=$ROOT/config/zhibu.ini
DB=$OUT/district.db
if [ ! -s "$DB" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$ZHIBU" demo --db "$DB" --branches 350 --seed 1 2>/dev/null
fi
cd "$OUT"
/usr/bin/python3 - "$ZHIBU" "$DB" <<'PY'
import os, statistics, subprocess, sys, tempfile, time

zhibu, db = sys.argv[1], sys.argv[2]
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

# start to first full screen: open the database, draw home, dump, leave
first = script("first.keys", ":dump first.txt\n")
t_first, rss_first = run(["--db", db, "--script", first, "--size", "80x24"])
report("start to first full screen (home, 80x24)", t_first * 1000, "ms", 100)

# a key press in a list: 2000 moves in the roster vs. the same run without them
n = 2000
base = script("base.keys", "2\n:dump r.txt\n")
moves = script("moves.keys", "2\n" + "<Down><Down><PgDn><Up>" * (n // 4) + "\n:dump r.txt\n")
t_base, _ = run(["--db", db, "--script", base, "--size", "120x40"], 5)
t_moves, rss_list = run(["--db", db, "--script", moves, "--size", "120x40"], 5)
report("key press in the roster list to redraw", (t_moves - t_base) / n * 1000, "ms", 5)

# a key press in a form: typing into the member form
typing = script("typing.keys", "2\n<F2>\n" + ("王小明<BS><BS><BS>" * (n // 6)) + "\n:dump f.txt\n")
baseform = script("baseform.keys", "2\n<F2>\n:dump f.txt\n")
t_bf, _ = run(["--db", db, "--script", baseform, "--size", "120x40"], 5)
t_typing, rss_form = run(["--db", db, "--script", typing, "--size", "120x40"], 5)
report("key press in the member form to redraw", (t_typing - t_bf) / n * 1000, "ms", 5)

# the meeting list: open it from home, then scroll through it
meet_open = script("meet_open.keys", "1\n:dump m.txt\n")
t_mopen, rss_meet = run(["--db", db, "--script", meet_open, "--size", "80x24"], 7)
report("open the meeting list (start, home, list)", t_mopen * 1000, "ms", 100)
meet_scroll = script("meet_scroll.keys", "1\n" + "<PgDn><PgDn><Down><PgUp>" * (n // 4) + "\n:dump m.txt\n")
t_mscroll, _ = run(["--db", db, "--script", meet_scroll, "--size", "80x24"], 5)
report("key press scrolling the meeting list", (t_mscroll - t_mopen) / n * 1000, "ms", 5)
meet_search = script("meet_search.keys", "1\n/学习贯彻\n<Enter>\n:dump m.txt\n")
t_msearch, _ = run(["--db", db, "--script", meet_search, "--size", "80x24"], 5)
report("search the meeting list (4 characters, FTS5)", (t_msearch - t_mopen) * 1000, "ms", 100)
nmeet = subprocess.run(["sqlite3", db, "select count(*) from meeting"], capture_output=True,
                       text=True).stdout.strip()

# the dues grid of a village branch: open it, move around it, record one payment
dues_open = script("dues_open.keys", "3\n:dump d.txt\n")
t_dopen, rss_dues = run(["--db", db, "--script", dues_open, "--size", "80x24"], 7)
report("open the dues grid (start, home, grid)", t_dopen * 1000, "ms", 100)
dues_move = script("dues_move.keys", "3\n" + "<Down><Left><Down><Right>" * (n // 4) + "\n:dump d.txt\n")
t_dmove, _ = run(["--db", db, "--script", dues_move, "--size", "80x24"], 5)
report("key press moving in the dues grid", (t_dmove - t_dopen) / n * 1000, "ms", 5)
arrears = script("arrears.keys", "3\na\n:dump d.txt\n")
t_arr, _ = run(["--db", db, "--script", arrears, "--size", "80x24"], 5)
report("open the arrears list from the grid", (t_arr - t_dopen) * 1000, "ms", 100)

# list members of the whole district (streams rows)
t_list, rss_csv = run(["list", "members", "--db", db, "--format", "csv"], 5)
report("list members, whole district, CSV", t_list * 1000, "ms", 1000)

peak = max(rss_first, rss_list, rss_form, rss_csv, rss_meet, rss_dues) / 1024
report("peak memory (any interface or list run above)", peak, "MB", 32)

print(f"district database: {branches} branches, {members} members, {nmeet} meeting records ({db})")
print(f"demo --branches 350 generated in {gen:.2f} s, peak {gen_rss / 1024:.0f} MB (not a budget item)")
for r in rows:
    print(r)
print("not measured yet: monthly audit, monthly report (their modules are not built)")
PY
