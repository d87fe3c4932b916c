#!/bin/sh
# replay.sh: make check's replay of every input that ever crashed a fuzz
# target (tests/fuzz/regress/TARGET/) and of the seeds built from the
# fixtures, through the replay_TARGET programs (the fuzz targets with a plain
# main), so an old crash that comes back fails the suite under any compiler.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
fz=$top_builddir/tests/fuzz
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-replay.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS
pass=0 fail=0 ran=0
for prog in "$fz"/replay_*; do
	[ -x "$prog" ] || continue
	t=${prog##*/replay_}
	set --
	[ -d "$top_srcdir/tests/fuzz/regress/$t" ] &&
	    set -- "$top_srcdir/tests/fuzz/regress/$t"
	if command -v python3 >/dev/null &&
	    python3 "$top_srcdir/tests/fuzz/seeds.py" "$t" "$tmp/$t" \
	    "$top_srcdir" >/dev/null; then
		set -- "$@" "$tmp/$t"
	fi
	[ $# -gt 0 ] || continue
	ran=1
	if "$prog" "$@" >"$tmp/out" 2>&1; then
		pass=$((pass + 1))
		echo "ok: $t: $(tail -1 "$tmp/out")"
	else
		fail=$((fail + 1))
		cat "$tmp/out"
		echo "FAIL: $t"
	fi
done
echo "$pass passed, $fail failed"
[ $ran -eq 1 ] || exit 77
[ $fail -eq 0 ]
