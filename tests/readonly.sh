#!/bin/sh
# readonly.sh: bounceview never writes, renames, locks, creates or deletes
# anything in or beside a mailbox (issues 2 and 7).
#
# The fixtures of tests/fixtures/mailboxes/ (an mbox, a Maildir with cur/,
# new/, tmp/, a dot-file and a subdirectory, a folder of message files) are
# copied into a scratch directory, with a symbolic link and a FIFO added to
# the Maildir.  Everything under it is listed (names, types, modes, sizes,
# link counts, mtimes and ctimes, so even a lock file made and removed again
# shows in its directory's times) and checksummed before and after each run
# of the program: the JSON and CSV exports, --all, standard input, the
# interface in its test mode, a copy made read-only with chmod a-w (as root
# chmod stops no write, so the comparison is the proof), and the mbox while
# another process holds flock and fcntl locks on it and its dotlock file
# exists.  Each run must also succeed, name every mailbox in its output and
# not wait for the locks.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
bv=$top_builddir/bounceview
fx=$top_srcdir/tests/fixtures/mailboxes

[ -x "$bv" ] || { echo "readonly: no $bv"; exit 99; }
for f in bounces.mbox Maildir msgs; do
	[ -e "$fx/$f" ] || { echo "readonly: no $fx/$f"; exit 99; }
done
if ! "$bv" --help 2>&1 | grep -q -e '--export'; then
	echo "readonly: this bounceview has no --export yet: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-readonly.XXXXXX") || exit 99
holders=
cleanup() {
	for p in $holders; do
		kill "$p" 2>/dev/null
	done
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
unset PAGER VISUAL EDITOR XDG_CONFIG_HOME
export HOME="$tmp/home" TZ=UTC LC_ALL=C
mkdir -p "$HOME" "$tmp/out"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# The mailboxes, with old times so that any write would change them.
box=$tmp/box
mkdir "$box"
cp -R "$fx/bounces.mbox" "$fx/Maildir" "$fx/msgs" "$box/"
mkdir -p "$box/Maildir/tmp"
ln -s ../../msgs/02-qmail.eml "$box/Maildir/cur/1762175000.M9P9.link:2,S"
mkfifo "$box/Maildir/new/1762175001.M9P9.fifo"
echo "a note beside the mailboxes" >"$box/README"
find "$box" -exec touch -h -d '2001-02-03 04:05:06' {} +

# snapshot DIR: one line per entry under DIR (and DIR itself), sorted, with
# the checksum of every regular file.  Access times are left out: reading
# may update them.
snapshot() {
	(cd "$1" && find . -printf '%p %y %m %U:%G %s %n %T@ %C@ %l\n' |
	    LC_ALL=C sort &&
	    find . -type f -exec cksum {} + | LC_ALL=C sort -k 3)
}

# unchanged NAME DIR BEFORE: DIR's snapshot still equals BEFORE.
unchanged() {
	snapshot "$2" >"$tmp/after"
	if cmp -s "$3" "$tmp/after"; then
		return 0
	fi
	bad "$1: the mailboxes changed"
	diff "$3" "$tmp/after" | head -20 | sed 's/^/    /'
	return 1
}

# run NAME ARG...: bounceview with a time limit (a lock must not make it
# wait); sets $rc, output in $tmp/out/NAME.
run() {
	name=$1
	shift
	timeout -k 5 30 "$bv" "$@" >"$tmp/out/$name" 2>"$tmp/out/$name.err"
	rc=$?
}

# names NAME WORD...: the output of run NAME mentions each WORD.
names() {
	n=$1
	shift
	for w in "$@"; do
		if ! grep -q -F -- "$w" "$tmp/out/$n"; then
			bad "$n: nothing from $w in the output"
			return 1
		fi
	done
	return 0
}

# check NAME DIR BEFORE WORD...: the run ended well, named the mailboxes
# and left DIR as it was.
check() {
	n=$1 d=$2 b=$3
	shift 3
	if [ "$rc" -ne 0 ]; then
		bad "$n: exit status $rc"
		sed 's/^/    /' "$tmp/out/$n.err" | head -5
		return 1
	fi
	names "$n" "$@" && unchanged "$n" "$d" "$b" && ok "$n"
}

snapshot "$box" >"$tmp/before"
[ -s "$tmp/before" ] || { echo "readonly: find -printf is needed"; exit 99; }
set -- "$box/bounces.mbox" "$box/Maildir" "$box/msgs"
w1=bounces.mbox w2=Maildir/cur/ w3=msgs/01-dsn.eml

run json --export=json "$@"
check json "$box" "$tmp/before" $w1 $w2 $w3
run csv --export=csv "$@"
check csv "$box" "$tmp/before" $w1 $w2 $w3
run all --export=json --all "$@"
check all "$box" "$tmp/before" $w1 $w2 $w3 msgs/03-plain.eml
run outfile --export=csv -o "$tmp/out/file.csv" "$@"
cp "$tmp/out/file.csv" "$tmp/out/outfile" 2>/dev/null
check outfile "$box" "$tmp/before" $w1 $w2 $w3
timeout -k 5 30 "$bv" --export=json - <"$box/bounces.mbox" \
    >"$tmp/out/stdin" 2>"$tmp/out/stdin.err"
rc=$?
check stdin "$box" "$tmp/before" '"path":"-"'
cat "$box/bounces.mbox" | timeout -k 5 30 "$bv" --export=json - \
    >"$tmp/out/pipe" 2>"$tmp/out/pipe.err"
rc=$?
check pipe "$box" "$tmp/before" '"path":"-"'

# The interface (test mode: a virtual screen and a key script): load,
# move, open the raw message and the detail, quit.
: >"$tmp/out/empty"
if timeout -k 5 30 "$bv" --test-screen=80x24 --keys=/dev/null \
    "$tmp/out/empty" >/dev/null 2>&1; then
	printf '%s\n' 'wait' 'keys j v' 'dump' 'keys q <Enter>' 'dump' \
	    'keys q' >"$tmp/out/keys"
	run tui --test-screen=100x30 --keys="$tmp/out/keys" "$@"
	check tui "$box" "$tmp/before" "--- screen" "@example"
else
	echo "readonly: no test mode for the interface: its run skipped"
fi

# A read-only copy: chmod a-w on everything.
ro=$tmp/ro
mkdir "$ro"
cp -R "$box/bounces.mbox" "$box/Maildir" "$box/msgs" "$box/README" "$ro/"
find "$ro" -exec touch -h -d '2001-02-03 04:05:06' {} +
chmod -R a-w "$ro"
snapshot "$ro" >"$tmp/ro-before"
run ro-json --export=json "$ro/bounces.mbox" "$ro/Maildir" "$ro/msgs"
check ro-json "$ro" "$tmp/ro-before" $w1 $w2 $w3
run ro-csv --export=csv "$ro/bounces.mbox" "$ro/Maildir" "$ro/msgs"
check ro-csv "$ro" "$tmp/ro-before" $w1 $w2 $w3

# A locked mbox: another process holds flock() (and, with python3, an fcntl
# lock) on it, and its dotlock file exists.  bounceview must read it at once
# and leave the locks and the lock file alone.
lk=$tmp/locked
mkdir "$lk"
cp "$box/bounces.mbox" "$lk/mbox"
echo "$$" >"$lk/mbox.lock"
find "$lk" -exec touch -h -d '2001-02-03 04:05:06' {} +
if command -v flock >/dev/null; then
	# The subshell takes the lock on its descriptor and becomes the
	# sleep, so killing $! ends the holder (flock FILE CMD would leave
	# its child behind).
	(flock -x 9 && exec sleep 60) 9<"$lk/mbox" &
	holders="$holders $!"
fi
if command -v python3 >/dev/null; then
	python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "rb")
fcntl.lockf(f, fcntl.LOCK_SH)
time.sleep(60)' "$lk/mbox" &
	holders="$holders $!"
fi
sleep 1					# the holders take their locks
snapshot "$lk" >"$tmp/lk-before"
start=$(date +%s)
run locked --export=json "$lk/mbox"
took=$(($(date +%s) - start))
check locked "$lk" "$tmp/lk-before" "$lk/mbox"
[ "$took" -le 10 ] || bad "locked: took ${took}s: it waited for a lock"
run locked-csv --export=csv "$lk/mbox"
check locked-csv "$lk" "$tmp/lk-before" "$lk/mbox"
[ -f "$lk/mbox.lock" ] && [ "$(cat "$lk/mbox.lock")" = "$$" ] ||
    bad "locked: the dotlock file was touched"
for p in $holders; do
	kill -0 "$p" 2>/dev/null || bad "locked: a lock holder ended early"
done

# Nothing was created beside the scratch directories either.
ls -A "$tmp" | LC_ALL=C sort | tr '\n' ' ' >"$tmp/out/top"
[ "$(cat "$tmp/out/top")" = "after before box home lk-before locked out ro ro-before " ] ||
    bad "something new in the scratch directory: $(cat "$tmp/out/top")"

echo "readonly: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
