#!/bin/sh
# hostile-race.sh: inputs that change while they are read: an mbox truncated
# under the reader, an mbox appended to, Maildir files deleted while the
# directory is read.  Nothing may crash or hang; what was read stays valid.
. "$top_srcdir/tests/hostile/lib.sh"

python3 "$hs/gen.py" racembox "$tmp" 20000 || exit 99
cp "$tmp/race.mbox" "$tmp/race-orig.mbox"
size=$(wc -c <"$tmp/race.mbox")

# changing DELAY ACTION...: start the export, change the input after DELAY.
changing() {
	delay=$1
	shift
	bv_run 120 "$tmp/out" "$tmp/err" --export=json "$input" &
	pid=$!
	sleep "$delay"
	"$@"
	wait $pid
	rc=$?
}

input=$tmp/race.mbox
changing 0.1 truncate -s $((size / 20)) "$tmp/race.mbox"
survived truncated && valid_json truncated &&
    ok "mbox truncated while read: $(wc -l <"$tmp/out") records, status $rc"
cp "$tmp/race-orig.mbox" "$tmp/race.mbox"
changing 0.1 truncate -s 0 "$tmp/race.mbox"
survived truncated-to-0 && valid_json truncated-to-0 &&
    ok "mbox emptied while read: status $rc"
cp "$tmp/race-orig.mbox" "$tmp/race.mbox"
head -c $((size / 2)) "$tmp/race-orig.mbox" >"$tmp/race.mbox"
changing 0.1 sh -c 'cat "$1" >>"$2"' sh "$tmp/race-orig.mbox" "$tmp/race.mbox"
survived appended && valid_json appended &&
    ok "mbox appended to while read: $(wc -l <"$tmp/out") records"
rm -f "$tmp/race.mbox" "$tmp/race-orig.mbox"

python3 "$hs/gen.py" manyfiles "$tmp" 4000 || exit 99
input=$tmp/many
changing 0.05 sh -c 'find "$1/cur" -type f | sort -r | xargs rm -f' sh "$tmp/many"
survived vanishing && valid_json vanishing &&
    ok "Maildir files deleted while read: $(wc -l <"$tmp/out") records, status $rc"
done_tests
