#!/bin/sh
# valgrind-check.sh PROGRAM FIXTURES: export every fixture (one run per
# format, all files at once) under valgrind memcheck, in-process and with the
# worker processes; any error or leak fails.
set -eu
prog=$1 fixtures=$2
command -v valgrind >/dev/null || { echo "valgrind-check: valgrind is not installed" >&2; exit 1; }
# glibc's loader, called by iconv_open to load charset modules, reads memory
# valgrind cannot see initialised; the suppressions name only that.
supp=$(dirname "$0")/hostile/valgrind.supp
files=$(find "$fixtures" -type f \( -name '*.eml' -o -name '*.mbox' \) | sort)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
n=0
for workers in 0 2; do
	for fmt in json csv; do
		# shellcheck disable=SC2086
		BOUNCEVIEW_WORKERS=$workers valgrind -q --trace-children=yes \
		    --suppressions="$supp" --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect,possible \
		    "$prog" --export=$fmt $files >/dev/null 2>"$log" && rc=0 || rc=$?
		if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*==' "$log"; then
			cat "$log" >&2
			echo "valgrind-check: $fmt export (workers=$workers): memcheck errors" >&2
			exit 1
		fi
		n=$((n + 1))
	done
done
echo "valgrind-check: $n exports of $(echo "$files" | wc -l) fixtures clean"
