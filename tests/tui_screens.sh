#!/bin/sh
# tui_screens.sh: the real interface on a virtual screen, no terminal.
#
# Each tests/tui/NAME.keys is a key script (see tui/script.c).  Comment lines
# at its top may say:
#	# screen: COLSxROWS		(default 80x24)
#	# args: MAILBOX...		(default sample.mbox; relative to a scratch
#					 directory holding sample.mbox and
#					 the files of tests/tui/)
#	# env: NAME=VALUE		(extra environment, several allowed)
#	# status: N			(expected exit status, default 0)
# The screens it dumps must equal NAME.expected.  An optional NAME.check is
# a shell script run afterwards in the scratch directory (to look at files
# the run wrote); it fails the test by exiting non-zero.
#
# BV_UPDATE_SCREENS=1 rewrites the .expected files instead of comparing.
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
bv=$builddir/bounceview
dir=$srcdir/tests/tui

[ -x "$bv" ] || { echo "no $bv"; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-screens.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# the same screens whatever the machine and the person running them
unset PAGER NO_COLOR XDG_CONFIG_HOME LINES COLUMNS
export TZ=UTC LC_ALL=C.UTF-8 HOME="$tmp/home"
mkdir -p "$HOME"

pass=0 fail=0
for keys in "$dir"/*.keys; do
	name=$(basename "$keys" .keys)
	work=$tmp/$name
	mkdir -p "$work"
	cp "$srcdir/tests/fixtures/sample.mbox" "$work/"
	for f in "$dir"/*.mbox "$dir"/*.conf "$dir"/*.sh; do
		[ -f "$f" ] && cp "$f" "$work/"
	done
	chmod +x "$work"/*.sh 2>/dev/null
	size=$(sed -n 's/^# screen: *//p' "$keys" | head -n 1)
	args=$(sed -n 's/^# args: *//p' "$keys" | head -n 1)
	want=$(sed -n 's/^# status: *//p' "$keys" | head -n 1)
	envs=$(sed -n 's/^# env: *//p' "$keys")
	out=$tmp/$name.out
	# shellcheck disable=SC2086
	(cd "$work" && env $envs "$bv" --test-screen="${size:-80x24}" \
	    --keys="$keys" ${args:-sample.mbox}) >"$out" 2>"$tmp/$name.err"
	st=$?
	ok=1
	if [ "$st" != "${want:-0}" ]; then
		echo "FAIL $name: exit status $st, wanted ${want:-0}"
		sed 's/^/  stderr: /' "$tmp/$name.err" | head -n 20
		ok=0
	fi
	if [ "${BV_UPDATE_SCREENS:-}" = 1 ]; then
		cp "$out" "$dir/$name.expected"
		echo "updated $name.expected"
	elif ! diff -u "$dir/$name.expected" "$out" >"$tmp/$name.diff" 2>&1
	then
		echo "FAIL $name: the screens differ from $name.expected"
		head -n 80 "$tmp/$name.diff"
		ok=0
	fi
	if [ -f "$dir/$name.check" ] &&
	    ! (cd "$work" && sh "$dir/$name.check") >"$tmp/$name.chk" 2>&1
	then
		echo "FAIL $name: $name.check"
		sed 's/^/  /' "$tmp/$name.chk"
		ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		echo "ok $name"
	else
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
if [ $fail -gt 0 ]; then
	echo "(after a deliberate change to the screens: make tui-screens-update, then review git diff tests/tui)"
	exit 1
fi
exit 0
