#!/bin/bash
# test_notice_markdown.sh - the Markdown conclusions notice escapes what a
# user typed the same way the Markdown report does (review of issues #5/#6,
# one escaper: util/md.h): besides inline markup, a list, heading or rule
# marker at the start of any line of the conclusions ("- ", "1. ", "---",
# "==="), entities ("&amp;"), strikethrough ("~~") and images ("![") come out
# as literal text, so a conclusion cannot turn into a list, a heading or
# another text. The plain-text form is unchanged.
# Not the layout of the notice (test_tasks.sh).
source "$(dirname "$0")/lib.sh"

expect_ok demo demo
printf 'Kết luận:\n- chưa đạt kế hoạch\n1. thu ngân sách\n---\n=== \nA &amp; B ~~bỏ~~ ![x](y) 2) mục\n+ cộng' >"$TMP/kl.txt"
expect_ok "meeting" meeting add --title "Giao ban *tháng* 7/2022" --date 28/07/2022 --unit 058 --conclusions-file "$TMP/kl.txt"
ID=$(grep -oE '[0-9]+' <<<"$OUT" | head -1)
expect_ok "notice md" meeting notice "$ID" --format markdown
md=$OUT
line() { if grep -qxF -- "$2" <<<"$md"; then ok; else bad "$1: no line [$2] in:"$'\n'"$md"; fi; }
line "list marker" '\- chưa đạt kế hoạch'
line "ordered list marker" '1\. thu ngân sách'
line "thematic break" '\---'
line "setext underline" '\=== '
line "plus marker" '\+ cộng'
line "entity, strike, image" 'A \&amp; B \~\~bỏ\~\~ \!\[x\](y) 2) mục'
grep -qF 'Giao ban \*tháng\* 7/2022' <<<"$md" && ok || bad "title emphasis not escaped: $md"
expect_ok "notice text" meeting notice "$ID" --format text
grep -qxF -- '- chưa đạt kế hoạch' <<<"$OUT" && ok || bad "text form changed: $OUT"
finish
