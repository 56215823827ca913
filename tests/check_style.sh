#!/usr/bin/env bash
# check_style.sh - fails when src/ uses a banned C string function (STYLE.md:
# strcpy, strcat, sprintf, vsprintf, strtok, gets) or a source file lacks its
# opening comment. Run by ctest as style.banned_functions.
set -u
root=${1:-.}
status=0
bad=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|strtok|gets)[[:space:]]*\(' "$root/src" --include='*.c' --include='*.h' || true)
if [ -n "$bad" ]; then
  echo "banned string functions (use buf.h / snprintf):"
  echo "$bad"
  status=1
fi
for f in $(find "$root/src" -name '*.c' -o -name '*.h'); do
  head -1 "$f" | grep -q '^/\*' || { echo "$f: no opening comment"; status=1; }
done
[ $status -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $status
