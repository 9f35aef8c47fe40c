#!/bin/sh
# F1 help wrapped by Chinese line-breaking rules at 80x24 (issue 13): no line starts with closing
# punctuation (。，、；：？！）」』》), none ends with opening punctuation (（「『《), ASCII words and
# paths (".csv", "2026-10") are not broken, and a key's help goes on under its text.
. "$(dirname "$0")/../lib.sh"

DB=$T/demo.db
run_zhibu demo --db "$DB"
expect_rc "demo database" 0
login_demo shuji

# Every page of the help of the home screen and modules 1-4 (the longest helps).
for m in home 1 2 3 4; do
    {
        [ "$m" = home ] || echo "$m"
        echo '<F1>'
        echo ":dump help-$m-1.txt"
        for p in 2 3 4; do echo '<PgDn>'; echo ":dump help-$m-$p.txt"; done
    } >"$T/help-$m.keys"
    (cd "$T" && "$ZHIBU" --db "$DB" $LOGIN --script "$T/help-$m.keys" --size 80x24 >"$T/out" 2>"$T/err")
done

# The lines inside the help box, one per line ("│ text │" with the frame taken off).
/usr/bin/python3 - "$T"/help-*.txt >"$T/lines" <<'PY'
import sys
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        a = line.find("│ ")
        b = line.rfind(" │")
        if a >= 0 and b > a:
            print(line[a + 2:b].rstrip())
PY
expect_eq "the help boxes were read" "$( [ "$(wc -l <"$T/lines")" -gt 100 ] && echo yes)" yes
starts=$(grep -cE '^ *[。，、；：？！）」』》]' "$T/lines")
expect_eq "no help line starts with closing punctuation" "$starts" 0
ends=$(grep -cE '[（「『《]$' "$T/lines")
expect_eq "no help line ends with opening punctuation" "$ends" 0

# 党费's help: ".csv" whole, and the long key lines go on under their text (column 17).
expect_contains "the extension is not split" "$T/help-3-2.txt" "│                  .csv"
expect_eq "no line ends inside .csv" "$(grep -cE '\.c$|^ *sv' "$T/lines")" 0
expect_contains "a key's help continues under its text" "$T/help-3-1.txt" "│                  天，无收据号），并移到下一人"
expect_contains "the intro paragraph breaks before 数，not after" "$T/help-3-1.txt" "│ 数；·＝未到月份；"
expect_fits "help fits 80x24" "$T/help-3-1.txt" 80 24
# 三会一课's: "不足法定人数" kept before its ；
expect_contains "the meetings help keeps ；with what it follows" "$T/help-1-1.txt" "│ 数；要素不全＝缺少规定内容"
