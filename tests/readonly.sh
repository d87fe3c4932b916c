#!/bin/sh
# readonly.sh: no mode of bounceview writes, locks, renames or creates
# anything in or beside a mailbox (issues 2 and 7).
#
# Copies of the fixture mbox, Maildir (cur/ new/ tmp/, a dot-file, a
# subdirectory) and message directory go into a scratch directory, whose
# every entry is recorded (name, inode, type and mode, size, mtime, ctime,
# link count, checksum; and ls -laR).  Then bounceview reads them in every
# way it can: JSON and CSV export to standard output and with -o to a file
# elsewhere, standard input, and the interface in test mode (quit at once,
# and the raw view, which reads a message again).  After each run the
# record must be the same.  The same again on a copy made read-only (as
# root, where the mode does not stop writes, the comparison is the proof),
# and on an mbox someone else holds locked (flock(1), a fcntl lock, a
# dotlock file): bounceview must neither wait for the lock nor touch it.
# Each run must also have found the expected bounces, so an empty run cannot
# pass.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
bv=$top_builddir/bounceview
fx=$top_srcdir/tests/fixtures/mailboxes
[ -x "$bv" ] || { echo "readonly: no $bv"; exit 99; }
[ -d "$fx" ] || { echo "readonly: no $fx"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-readonly.XXXXXX") || exit 99
bgpids=
cleanup() {
	for p in $bgpids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# No file of the person running the tests is read or written.
unset PAGER NO_COLOR XDG_CONFIG_HOME LINES COLUMNS
export HOME="$tmp/home" TZ=UTC LC_ALL=C.UTF-8
# The mailboxes sit in $mb, alone in $tmp/box, so that the listing of $mb
# (whose ".." is $tmp/box) shows nothing of this script's own files.
mb=$tmp/box/mail
out=$tmp/out			# where output goes: elsewhere
mkdir -p "$HOME" "$mb" "$out" || exit 99
cp -pR "$fx/bounces.mbox" "$fx/Maildir" "$fx/msgs" "$mb/" || exit 99
chmod -R u+w "$mb" || exit 99	# the sources may be read-only (distcheck)
# git keeps no empty directories: tmp/ holds a .keep, also a dot-file
[ -d "$mb/Maildir/tmp" ] && [ -d "$mb/Maildir/new" ] || exit 99

# bounded in time where timeout(1) exists (status 124 when it stops it)
limit=
command -v timeout >/dev/null && limit="timeout 60"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# The record of a tree: one line per entry, sorted, then its listing.
snapshot() {
	(cd "$1" && find . -exec stat -c '%n|%i|%f|%a|%s|%y|%z|%h|%U' \
	    {} + | sort &&
	    find . -type f -exec sha256sum {} + | sort -k 2 &&
	    ls -laR --time-style=full-iso .)
}

# same NAME DIR BEFORE: DIR is still as BEFORE records it.
same() {
	snapshot "$2" >"$tmp/after"
	if cmp -s "$3" "$tmp/after"; then
		return 0
	fi
	bad "$1: the mailbox directory changed"
	diff "$3" "$tmp/after" | head -n 20 | sed 's/^/  /'
	return 1
}

# The recipients of each fixture: all must be found, none of the files
# that must not be read (dot-files, subdirectories, Maildir tmp/).
want_mbox="nosuchuser@example.net full.box@example.com"
want_maildir="gone@example.net slow@example.com"
want_msgs="former.staff@example.net nobody.here@example.com"
never="hidden@example.net archived@example.net dotfile@example.net
subdir@example.com"

# found NAME FILE ADDRESSES: FILE names every address and none of $never.
found() {
	for a in $3; do
		grep -q "$a" "$2" || { bad "$1: $a not found"; return 1; }
	done
	for a in $never; do
		grep -q "$a" "$2" && { bad "$1: $a read"; return 1; }
	done
	return 0
}

# bv NAME ARGS...: bounceview from inside the mailbox directory (so a file
# it dropped in its working directory would show), bounded in time.
bv() {
	name=$1
	shift
	# shellcheck disable=SC2086
	(cd "$mb_dir" && $limit "$bv" "$@") >"$tmp/stdout" 2>"$tmp/stderr" \
	    <"${stdin:-/dev/null}"
	rc=$?
	if [ $rc = 124 ]; then
		bad "$name: still running after 60 s (waiting for a lock?)"
		return 1
	fi
	if [ $rc != 0 ]; then
		bad "$name: exit status $rc"
		sed 's/^/  stderr: /' "$tmp/stderr" | head -n 5
		return 1
	fi
	return 0
}

printf 'keys q\n' >"$tmp/quit.keys"
printf 'wait\nkeys v\ndump\nkeys q q\n' >"$tmp/raw.keys"

# every_mode LABEL DIR: every way of reading the mailboxes in DIR.
every_mode() {
	label=$1
	mb_dir=$2
	snapshot "$mb_dir" >"$tmp/before"
	for m in bounces.mbox Maildir msgs; do
		case $m in
		bounces.mbox) want=$want_mbox ;;
		Maildir) want=$want_maildir ;;
		msgs) want=$want_msgs ;;
		esac
		for f in json csv; do
			n="$label $m --export=$f"
			bv "$n" --export=$f "$m" && found "$n" "$tmp/stdout" \
			    "$want" && same "$n" "$mb_dir" "$tmp/before" &&
			    ok "$n"
			n="$label $m --export=$f -o"
			rm -f "$out/x.$f"
			bv "$n" --export=$f --all -o "$out/x.$f" "$m" &&
			    found "$n" "$out/x.$f" "$want" &&
			    same "$n" "$mb_dir" "$tmp/before" && ok "$n"
		done
		n="$label $m interface, q"
		bv "$n" --test-screen=80x24 --keys="$tmp/quit.keys" "$m" &&
		    same "$n" "$mb_dir" "$tmp/before" && ok "$n"
		n="$label $m interface, raw view"
		if bv "$n" --test-screen=80x24 --keys="$tmp/raw.keys" "$m"; then
			if ! grep -q 'Subject: ' "$tmp/stdout"; then
				bad "$n: no message in the raw view"
			elif same "$n" "$mb_dir" "$tmp/before"; then
				ok "$n"
			fi
		fi
	done
	n="$label all three at once"
	bv "$n" --export=json bounces.mbox Maildir msgs &&
	    found "$n" "$tmp/stdout" "$want_mbox $want_maildir $want_msgs" &&
	    same "$n" "$mb_dir" "$tmp/before" && ok "$n"
	n="$label standard input"
	stdin=$mb_dir/bounces.mbox
	bv "$n" --export=csv - && found "$n" "$tmp/stdout" "$want_mbox" &&
	    same "$n" "$mb_dir" "$tmp/before" && ok "$n"
	stdin=
}

every_mode writable "$mb"

# A read-only copy.
mkdir -p "$tmp/robox" && cp -pR "$mb" "$tmp/robox/ro" || exit 99
chmod -R a-w "$tmp/robox" || exit 99
every_mode read-only "$tmp/robox/ro"
chmod -R u+w "$tmp/robox"

# An mbox someone else holds: a dotlock made beforehand, flock(1) holding
# the file, and a POSIX (fcntl) lock where python3 can take one.
mb_dir=$mb
printf '4242\n' >"$mb/bounces.mbox.lock"
touch -d '2026-01-02 03:04:05' "$mb/bounces.mbox.lock"
held=
# (The holders are killed on exit: each is one process, the subshell that
# took the lock becoming the sleep, and none keeps our output open.)
if command -v flock >/dev/null; then
	(flock 9 && exec sleep 300) 9<"$mb/bounces.mbox" </dev/null \
	    >/dev/null 2>&1 &
	bgpids="$bgpids $!"
	held=flock
fi
if command -v python3 >/dev/null; then
	python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "r+b")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(300)' "$mb/bounces.mbox" </dev/null >"$tmp/lockf.out" 2>&1 &
	bgpids="$bgpids $!"
	held="${held:+$held, }fcntl"
fi
# every lock taken?  (flock(2) and fcntl locks do not see each other)
taken() {
	case $held in
	*flock*) flock -n "$mb/bounces.mbox" true && return 1 ;;
	esac
	case $held in
	*fcntl*) grep -q locked "$tmp/lockf.out" || return 1 ;;
	esac
	return 0
}
i=0
while ! taken && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
taken || bad "the locks ($held) could not be taken"
snapshot "$mb" >"$tmp/before"
for f in json csv; do
	n="locked mbox ($held${held:+, }dotlock) --export=$f"
	bv "$n" --export=$f bounces.mbox && found "$n" "$tmp/stdout" \
	    "$want_mbox" && same "$n" "$mb" "$tmp/before" && ok "$n"
done
n="locked mbox ($held${held:+, }dotlock) interface, raw view"
bv "$n" --test-screen=80x24 --keys="$tmp/raw.keys" bounces.mbox &&
    same "$n" "$mb" "$tmp/before" && ok "$n"
if [ "$(cat "$mb/bounces.mbox.lock" 2>/dev/null)" = 4242 ]; then
	ok "the dotlock is untouched"
else
	bad "the dotlock changed"
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
