#!/bin/sh
# tui_tmux.sh: the interface end to end in a real terminal (tmux), the way a
# person uses it: open the sample mailbox, jump to a blocklist failure, tag
# three records, save them as CSV, check the file, quit.  Skipped (77) only
# when tmux is missing.
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
bv=$(cd "$builddir" && pwd)/bounceview

command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed"; exit 77; }
[ -x "$bv" ] || { echo "no $bv"; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-tmux.XXXXXX") || exit 99
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
cp "$srcdir/tests/fixtures/sample.mbox" "$tmp/"

fail() {
	echo "FAIL: $*"
	echo "--- pane:"
	tm capture-pane -p -t bv 2>/dev/null
	exit 1
}

# Wait until the pane shows TEXT (fixed string), at most 10 seconds.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t bv 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "no \"$1\" on the screen"
}

tm new-session -d -s bv -x 100 -y 30 \
    "cd '$tmp' && env -u PAGER -u NO_COLOR TERM=screen TZ=UTC LC_ALL=C.UTF-8 HOME='$tmp' '$bv' sample.mbox; echo EXITED \$?; sleep 30" ||
    { echo "tmux cannot start a session"; exit 99; }

wait_for "Read 17 messages"
# the index and the detail of the first record
wait_for "alice.smith@example.org"
wait_for "Recipient"

# jump to the first blocklist failure: its detail names the blocklist
tm send-keys -t bv b
wait_for "Blocklist  "
tm capture-pane -p -t bv | grep -q '^> .*bob@example.net' ||
    fail "b did not select the first blocklist failure"

# tag three records from there
tm send-keys -t bv t t t
wait_for "3 tagged"

# save them
tm send-keys -t bv s
wait_for "Save 3 tagged records to"
tm send-keys -t bv -l "tagged.csv"
tm send-keys -t bv Enter
wait_for "Saved 3 diagnoses to tagged.csv"

f=$tmp/tagged.csv
[ -f "$f" ] || fail "tagged.csv was not written"
[ "$(wc -l < "$f")" -eq 4 ] || fail "tagged.csv has $(wc -l < "$f") lines, not a header and 3 records"
grep -q 'bob@example.net' "$f" || fail "bob is not in tagged.csv"
grep -q 'carol@mail.example.com' "$f" || fail "carol is not in tagged.csv"
grep -q 'dave@example.org' "$f" || fail "dave is not in tagged.csv"
grep -q 'alice.smith@example.org' "$f" && fail "alice was not tagged but is in tagged.csv"

# q quits and gives the terminal back
tm send-keys -t bv q
wait_for "EXITED 0"
echo "1 passed, 0 failed"
exit 0
