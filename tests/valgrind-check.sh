#!/bin/sh
# valgrind-check.sh PROGRAM FIXTURES: export every fixture mailbox under
# valgrind memcheck; any error or leak fails.
set -eu
prog=$1 fixtures=$2
command -v valgrind >/dev/null || { echo "valgrind-check: valgrind is not installed" >&2; exit 1; }
n=0
for f in $(find "$fixtures" -type f \( -name '*.eml' -o -name '*.mbox' \) | sort); do
	for fmt in json csv; do
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
		    "$prog" --export=$fmt "$f" >/dev/null 2>/tmp/bv-valgrind.$$ && rc=0 || rc=$?
		if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*==' /tmp/bv-valgrind.$$; then
			cat /tmp/bv-valgrind.$$ >&2
			echo "valgrind-check: $f ($fmt): memcheck errors" >&2
			rm -f /tmp/bv-valgrind.$$
			exit 1
		fi
		n=$((n + 1))
	done
done
rm -f /tmp/bv-valgrind.$$
echo "valgrind-check: $n exports clean"
