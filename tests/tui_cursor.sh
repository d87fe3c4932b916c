#!/bin/sh
# tui_cursor.sh: the cursor stays on its record while the rest of a large
# mailbox is taken in.  The test mode reads 4 messages per key press and the
# script's "wait" reads the rest in steps of 1024 messages; the messages are
# written so that later ones sort first by recipient, so every step puts
# records before the cursor.
set -u
builddir=${top_builddir:-.}
bv=$builddir/bounceview
[ -x "$bv" ] || { echo "no $bv"; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-cursor.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
export TZ=UTC LC_ALL=C.UTF-8 HOME="$tmp"

n=2500
awk -v n="$n" 'BEGIN {
	for (i = 1; i <= n; i++) {
		printf "From MAILER-DAEMON Mon Mar  3 10:00:00 2025\n"
		printf "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
		printf "To: sender@example.org\nSubject: Undelivered Mail\n"
		printf "Date: Mon, 3 Mar 2025 10:00:00 +0000\nMIME-Version: 1.0\n"
		printf "Content-Type: multipart/report; "
		printf "report-type=delivery-status; boundary=\"b\"\n\n"
		printf "--b\nContent-Type: text/plain\n\nNot delivered.\n\n"
		printf "--b\nContent-Type: message/delivery-status\n\n"
		printf "Reporting-MTA: dns; mx.example.org\n\n"
		printf "Final-Recipient: rfc822; u%05d@example.net\n", n - i
		printf "Action: failed\nStatus: 5.1.1\n\n--b--\n\n"
	}
}' >"$tmp/many.mbox"
# sort by recipient, cursor to the first row, then read everything
printf 'keys o g\ndump\nwait\ndump\n' >"$tmp/keys"
case $bv in /*) ;; *) bv=$(pwd)/$bv ;; esac
(cd "$tmp" && "$bv" --test-screen=100x12 --keys=keys many.mbox) \
    >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }

# the cursor row (">") and the status line of each dump
cursor=$(sed -n 's/^> [A-Z][a-z][a-z] [0-9 :]* \(u[0-9]*@example.net\) .*/\1/p' \
    "$tmp/out")
loaded=$(sed -n 's/^-- many.mbox  \([0-9]*\) msgs .*/\1/p' "$tmp/out")
set -- $cursor
[ $# = 2 ] || { echo "FAIL: no cursor row in a dump"; cat "$tmp/out"; exit 1; }
before=$1 after=$2
set -- $loaded
[ $# = 2 ] || { echo "FAIL: no status line"; cat "$tmp/out"; exit 1; }
if [ "$1" -ge "$n" ] || [ "$2" != "$n" ]; then
	echo "FAIL: $1 then $2 messages read, wanted fewer than $n then $n"
	exit 1
fi
if [ "$before" != "$after" ]; then
	echo "FAIL: the cursor was on $before, after loading on $after"
	exit 1
fi
echo "ok: the cursor stayed on $before while $2 messages were read"
