#!/bin/sh
# workers.sh: parsing in worker processes gives the same records as parsing
# in-process, and a message that crashes or hangs its worker, or that it
# answers with nonsense, costs that message only (listed as unreadable with
# the reason, exit status 1).
set -u
bv=${top_builddir:-.}/bounceview
sample=${top_srcdir:-.}/tests/fixtures/sample.mbox
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	if eval "$2"; then echo "ok $1"; else echo "FAIL $1"; fail=1; fi
}

"$bv" --export=json "$sample" >"$tmp/workers.json" 2>/dev/null
BOUNCEVIEW_WORKERS=0 "$bv" --export=json "$sample" >"$tmp/here.json" 2>/dev/null
check "same records with and without workers" 'cmp -s "$tmp/workers.json" "$tmp/here.json"'
check "records were produced" 'test "$(wc -l < "$tmp/here.json")" -eq 18'

# Message 15 of the sample is the only one naming rupert@outlook.example.
# (Under ASan the sanitizer catches the SIGSEGV and exits instead: "stopped".)
BOUNCEVIEW_TEST_CRASH=rupert@outlook.example "$bv" --export=json "$sample" \
    >"$tmp/crash.json" 2>"$tmp/crash.err"
rc=$?
check "a crash gives exit status 1" 'test $rc -eq 1'
check "a crash costs one message" 'test "$(wc -l < "$tmp/crash.json")" -eq 18'
check "the crashed message is listed as unreadable" \
    'grep "\"msgno\":15," "$tmp/crash.json" | grep -q "\"error\":\"unreadable: the parser \(crashed\|stopped\)"'
check "the error line names the file and the message" \
    'grep -q "sample.mbox: message 15: unreadable: the parser \(crashed\|stopped\)" "$tmp/crash.err"'
check "messages after the crash are still read" \
    'grep -q "\"recipient\":\"sybil@example.jp\"" "$tmp/crash.json"'
check "the other records are unchanged" \
    'test "$(grep -v "\"msgno\":15," "$tmp/crash.json")" = "$(grep -v "\"msgno\":15," "$tmp/here.json")"'

# A worker that answers message 15 with nonsense (its export text cut
# short): that message only, named as such, whatever the worker was
# parsing when the nonsense was read.
BOUNCEVIEW_TEST_GARBLE=rupert@outlook.example "$bv" --export=json "$sample" \
    >"$tmp/garble.json" 2>"$tmp/garble.err"
rc=$?
check "a malformed answer gives exit status 1" 'test $rc -eq 1'
check "a malformed answer costs its message only" \
    'test "$(grep -v "\"msgno\":15," "$tmp/garble.json")" = "$(grep -v "\"msgno\":15," "$tmp/here.json")"'
check "the message answered with nonsense is listed as unreadable" \
    'grep "\"msgno\":15," "$tmp/garble.json" | grep -q "\"error\":\"unreadable: the parser sent a malformed answer"'

BOUNCEVIEW_PARSE_TIMEOUT=1 BOUNCEVIEW_TEST_HANG=judy@gmail.example \
    "$bv" --export=json "$sample" >"$tmp/hang.json" 2>"$tmp/hang.err"
rc=$?
check "a hang gives exit status 1" 'test $rc -eq 1'
check "a hung message is listed as unreadable" \
    'grep "\"msgno\":8," "$tmp/hang.json" | grep -q "parsing took longer than 1 s"'
check "messages after the hang are still read" \
    'test "$(wc -l < "$tmp/hang.json")" -eq 18'

# Workers read mbox and Maildir messages themselves (only the location
# travels), a pipe's bytes travel to them: every way gives what in-process
# parsing gives, with --all and with a filter.
mb=${top_srcdir:-.}/tests/fixtures/mailboxes
for args in "$mb/Maildir" "$mb/msgs" "$mb/bounces.mbox $mb/shapes-crlf.mbox" \
    "--all $mb/Maildir $mb/bounces.mbox" "--filter=@hard $sample" \
    "--export=csv --filter=!@hard $sample"; do
	# shellcheck disable=SC2086
	"$bv" --export=json $args >"$tmp/w.out" 2>"$tmp/w.err"
	# shellcheck disable=SC2086
	BOUNCEVIEW_WORKERS=0 "$bv" --export=json $args >"$tmp/h.out" \
	    2>"$tmp/h.err"
	check "workers and in-process agree: $args" \
	    'cmp -s "$tmp/w.out" "$tmp/h.out" && cmp -s "$tmp/w.err" "$tmp/h.err" && test -s "$tmp/w.out"'
done
"$bv" --export=json - <"$sample" >"$tmp/pipe.json" 2>/dev/null
check "a pipe's messages give the same records" \
    'test "$(sed "s/\"path\":\"[^\"]*\"//" "$tmp/pipe.json")" = "$(sed "s/\"path\":\"[^\"]*\"//" "$tmp/here.json")"'
# A crash in a Maildir message: that message only.
BOUNCEVIEW_TEST_CRASH=rupert@outlook.example "$bv" --export=json \
    "$sample" "$mb/Maildir" >"$tmp/crash2.json" 2>/dev/null
check "a crash among many messages and mailboxes costs one message" \
    'test "$(grep -c "\"error\":\"unreadable" "$tmp/crash2.json")" -eq 1'
# A batch of Maildir files read ahead that never comes back (a file
# system that hangs; the test hook makes the batch naming file 30 hang) is
# pinned on no message: the worker that takes over reads the files one by
# one, and every message is read.  Without io_uring there are no batches
# and this holds trivially.
md=$tmp/md
mkdir -p "$md/cur" "$md/new" "$md/tmp"
one=$(ls "$mb/Maildir/cur/"1762164000.*)
i=10
while [ $i -lt 50 ]; do
	cp "$one" "$md/cur/17621640$i.M${i}P1.host:2,S"
	i=$((i + 1))
done
BOUNCEVIEW_WORKERS=0 "$bv" --export=json "$md" >"$tmp/md0.json" 2>/dev/null
BOUNCEVIEW_PARSE_TIMEOUT=1 BOUNCEVIEW_TEST_BATCH_HANG=1762164030. \
    "$bv" --export=json "$md" >"$tmp/mdhang.json" 2>"$tmp/mdhang.err"
rc=$?
check "a batch that hangs costs no message" \
    'test $rc -eq 0 && cmp -s "$tmp/md0.json" "$tmp/mdhang.json" && test "$(wc -l < "$tmp/md0.json")" -eq 40'

[ $fail -eq 0 ] && echo "workers: all passed"
exit $fail
