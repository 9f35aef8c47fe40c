#!/bin/sh
# Run once src/store/audit.c (store_audit.h) is committed: brings zhibu audit / zhibu report,
# the month's report and their tests back into the build (parked so the tree links meanwhile).
set -e
cd "$(dirname "$0")/.."
git mv wip/audit_report.c src/export/audit_report.c
git mv wip/cli_audit.c src/cli/audit.c
git mv wip/test_audit_report.c tests/unit/test_audit_report.c
git mv wip/test_cli_audit.sh tests/cli/audit.sh
python3 - <<'PY'
p = "src/main.c"
s = open(p).read()
old = s[s.index("    /* TEMPORARY: {\"audit\""):s.index("wip/ so the tree links. */\n") + len("wip/ so the tree links. */\n")]
s = s.replace(old, "    {\"audit\", cli_audit},\n    {\"report\", cli_report},\n")
open(p, "w").write(s)
PY
git rm -q wip/UNPARK-audit.sh
git add src/main.c
git commit -qm "Unpark zhibu audit/report, the month's report and their tests now that the review's store is in"
