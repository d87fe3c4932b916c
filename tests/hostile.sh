#!/bin/sh
# hostile.sh: the bad-input suite (issue 7).  Runs ./bounceview --export on
# each crafted input of tests/hostile/ and on large ones generated into a
# temporary directory (tests/hostile/gen.py), each with a time and memory
# limit, and checks the outcome: never a signal or a hang, exit status 0 or
# 1, valid JSON Lines / CSV, the expected record or the message listed as
# unreadable, error lines naming the file.  The >4 GB and 2 GB inputs are in
# hostile-big.sh, inputs changing while read in hostile-race.sh.
. "$top_srcdir/tests/hostile/lib.sh"

# export_case CASE FILE RCPT [LIMIT]: the JSON export survives (within LIMIT
# seconds, default 30), is valid, and has RCPT ("-": no record expected).
export_case() {
	name=$1 file=$2 rcpt=$3
	bv_run "${4:-30}" "$tmp/out" "$tmp/err" --export=json "$file"
	survived "$name" && names_file "$name" "${file##*/}" &&
	    valid_json "$name" || return 1
	[ "$rcpt" = - ] || has_rcpt "$name" "$rcpt" || return 1
	ok "$name"
}

# readable_case CASE FILE RCPT [LIMIT]: as export_case, but the message may
# instead be listed as unreadable (with its reason).
readable_case() {
	name=$1 file=$2 rcpt=$3
	bv_run "${4:-30}" "$tmp/out" "$tmp/err" --export=json "$file"
	survived "$name" && names_file "$name" "${file##*/}" &&
	    valid_json "$name" &&
	    found_or_unreadable "$name" "$rcpt" "${file##*/}" && ok "$name"
}

# Binary data: not a mailbox; may be refused (status 1, naming it) or read
# as a message that is no bounce.  Never a crash or garbage output.
export_case binary "$hs/binary.bin" -

# NUL bytes, invalid UTF-8, unknown charsets: the bounce is still read and
# the output is valid UTF-8 JSON.
export_case nul-bytes "$hs/nul-bytes.eml" nul@example.org
export_case bad-charset "$hs/bad-charset.eml" charset@example.org

# Truncated base64 and boundaries libetpan mishandles: read or unreadable,
# never a crash.
readable_case truncated-base64 "$hs/truncated-base64.eml" b64@example.org
readable_case boundary-quote "$hs/boundary-quote.eml" bquote@example.org
readable_case boundary-backslash "$hs/boundary-backslash.eml" \
    bquote@example.org
# Debian's libetpan overflows the heap on boundary="\"": memcheck sees it
# even where ASan does not (libetpan is not instrumented).
if command -v valgrind >/dev/null && [ $asan -eq 0 ]; then
	for name in boundary-quote boundary-backslash bad-charset; do
		if valgrind -q --error-exitcode=99 \
		    --suppressions="$hs/valgrind.supp" "$bv" --export=json \
		    "$hs/$name.eml" >/dev/null 2>"$tmp/vg"; then
			ok "$name under valgrind"
		else
			bad "$name under valgrind: memory errors"
			head -20 "$tmp/vg"
		fi
	done
fi

# Escape sequences, C0/C1 controls, DEL and bidi overrides: JSON escapes
# them, CSV carries none of them raw, and the readable text survives.
bv_run 30 "$tmp/out" "$tmp/err" --export=json "$hs/controls.eml"
survived controls && valid_json controls &&
    has_rcpt controls controls@example.org &&
    field_has controls diagnostic RED && field_has controls diagnostic evil &&
    clean controls "$tmp/err" && ok "controls: JSON escapes them"
bv_run 30 "$tmp/out" "$tmp/err" --export=csv "$hs/controls.eml"
survived controls-csv && valid_csv controls-csv &&
    clean controls-csv "$tmp/out" && clean controls-csv "$tmp/err" &&
    ok "controls: CSV carries no raw control"

# Formula injection: no CSV cell starts with = + - @ TAB CR, quoting holds;
# the JSON keeps the values as they were.
bv_run 30 "$tmp/out" "$tmp/err" --export=csv "$hs/csv-injection.eml" \
    "$hs/csv-quoting.eml"
survived csv-injection && valid_csv csv-injection &&
    ok "csv-injection: formulas neutralised, quoting intact"
bv_run 30 "$tmp/out" "$tmp/err" --export=json "$hs/csv-injection.eml" \
    "$hs/csv-quoting.eml"
survived csv-injection-json && valid_json csv-injection-json &&
    field_has csv-injection-json recipient '=HYPERLINK(' &&
    field_has csv-injection-json diagnostic '=cmd|' &&
    field_has csv-injection-json diagnostic '"quoted"' &&
    ok "csv-injection: JSON keeps the values"

# An empty file is an empty mailbox; a missing one is named, the rest goes on.
: >"$tmp/empty.mbox"
bv_run 10 "$tmp/out" "$tmp/err" --export=json "$tmp/empty.mbox"
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ]; then
	ok "empty file"
else
	bad "empty file: status $rc"
fi
bv_run 10 "$tmp/out" "$tmp/err" --export=json "$tmp/no-such.mbox" \
    "$hs/nul-bytes.eml"
if [ "$rc" -eq 1 ] && grep -q 'no-such\.mbox' "$tmp/err"; then
	has_rcpt missing-input nul@example.org &&
	    ok "missing input: named, status 1, the rest exported"
else
	bad "missing input: status $rc"
fi

# ---- generated large inputs ----------------------------------------------------
gen() { python3 "$hs/gen.py" "$@" || { bad "gen.py $*"; return 1; }; }

# 100,000 nested multiparts (libetpan takes seconds at 10,000 and overflows
# its stack at 50,000): bounded time; the DSN before the tower is read, the
# one at the bottom of it is read or listed as unreadable.
gen nested "$tmp"
export_case "nested: 100,000 levels after the DSN" "$tmp/nested.eml" \
    nested@example.org 60
readable_case "nested-wrap: DSN under 100,000 levels" \
    "$tmp/nested-wrap.eml" nestwrap@example.org 60
rm -f "$tmp/nested.eml" "$tmp/nested-wrap.eml"

# A 10 MB header line.
gen header "$tmp"
readable_case "header: 10 MB Subject line" "$tmp/header.eml" \
    header@example.org 60
rm -f "$tmp/header.eml"

# 20,000 sibling parts (past the part cap), 200,000 encoded words in one
# header, a million tiny messages in one mbox: bounded time, bounce read.
for c in manyparts:manyparts.eml:manyparts encwords:encwords.eml:encwords \
    manymsgs:manymsgs.mbox:lastofmany; do
	name=${c%%:*} file=${c#*:}
	rcpt=${file#*:}@example.org file=${file%%:*}
	gen "$name" "$tmp" && export_case "$name" "$tmp/$file" "$rcpt" 60
	rm -f "$tmp/$file"
done

# A million recipients in one DSN (just under the 64 MiB message cap):
# bounded time and memory, valid output, the first recipients exported and
# every one of them, or a record or line saying the rest was not read.
gen manyrcpt "$tmp"
bv_run 180 "$tmp/out" "$tmp/err" --export=json "$tmp/manyrcpt.eml"
if survived manyrcpt && valid_json manyrcpt &&
    has_rcpt manyrcpt r0000000@a.test; then
	n=$(wc -l <"$tmp/out")
	if [ "$n" -eq 1000000 ] || grep -q -i recipients "$tmp/err" ||
	    $check contains "$tmp/out" error recipients 2>/dev/null; then
		ok "manyrcpt: $n records"
	else
		bad "manyrcpt: $n records of 1,000,000 and no word about the rest"
	fi
fi
rm -f "$tmp/manyrcpt.eml" "$tmp/out"

# A Maildir with symlinks and FIFOs in it: never followed, never blocking.
gen maildir "$tmp"
bv_run 20 "$tmp/out" "$tmp/err" --export=json "$tmp/md"
survived maildir && valid_json maildir && has_rcpt maildir md1@example.org &&
    has_rcpt maildir md2@example.org && lacks maildir outside@example.org &&
    ok "maildir: symlinks not followed, FIFOs not opened"
bv_run 20 "$tmp/out" "$tmp/err" --export=json "$tmp/msgs"
survived msgdir && valid_json msgdir && has_rcpt msgdir msgs1@example.org &&
    has_rcpt msgdir msgs2@example.org && lacks msgdir outside@example.org &&
    ok "message directory: symlinks (one to /dev/zero) and a FIFO skipped"

# ---- -o: atomic, never over an input, and failures leave nothing ----------------
cp "$hs/nul-bytes.eml" "$tmp/in.eml"
ln "$tmp/in.eml" "$tmp/in-link.eml"
ln -s in.eml "$tmp/in-sym.eml"
sum0=$(cksum <"$tmp/in.eml")
for target in "$tmp/in.eml" "$tmp/./in.eml" "$tmp/in-link.eml" \
    "$tmp/in-sym.eml"; do
	what="-o over the input (${target#"$tmp"/})"
	bv_run 10 "$tmp/out" "$tmp/err" --export=json -o "$target" "$tmp/in.eml"
	if [ "$rc" -eq 2 ] && [ "$(cksum <"$tmp/in.eml")" = "$sum0" ] &&
	    [ -s "$tmp/err" ]; then
		ok "$what: refused, status 2"
	else
		bad "$what: status $rc"
	fi
done
mkdir "$tmp/w"
: >"$tmp/afile"
for target in "$tmp/nodir/out.json" "$tmp/afile/out.json"; do
	what="-o ${target#"$tmp"/}"
	bv_run 10 "$tmp/out" "$tmp/err" --export=json -o "$target" "$tmp/in.eml"
	if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ ! -e "$target" ] &&
	    grep -q -F "${target#"$tmp"/}" "$tmp/err" &&
	    grep -q -i -e 'no such' -e 'not a directory' "$tmp/err"; then
		ok "$what: fails, says why, leaves nothing"
	else
		bad "$what: status $rc"
		head -3 "$tmp/err"
	fi
done
if [ "$(id -u)" -ne 0 ]; then
	chmod 555 "$tmp/w"
	bv_run 10 "$tmp/out" "$tmp/err" --export=json -o "$tmp/w/out.json" \
	    "$tmp/in.eml"
	if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ -z "$(ls -A "$tmp/w")" ] &&
	    grep -q -i 'permission' "$tmp/err"; then
		ok "-o in a read-only directory: fails, says why, leaves nothing"
	else
		bad "-o in a read-only directory: status $rc"
	fi
	chmod 755 "$tmp/w"
fi
bv_run 10 "$tmp/out" "$tmp/err" --export=csv -o "$tmp/w/out.csv" "$tmp/in.eml"
bv_run 10 "$tmp/out2" "$tmp/err" --export=csv "$tmp/in.eml"
if [ "$rc" -eq 0 ] && cmp -s "$tmp/w/out.csv" "$tmp/out2" &&
    [ "$(ls -A "$tmp/w")" = out.csv ]; then
	ok "-o: the file holds the export and nothing else is left"
else
	bad "-o: written file differs or temporary files left: $(ls -A "$tmp/w")"
fi

# A full disk: a 64 KiB tmpfs in a private mount namespace (root only; it
# vanishes with the namespace).  The write fails, says so, leaves nothing.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
    unshare -m true 2>/dev/null; then
	python3 "$hs/gen.py" racembox "$tmp" 2000
	mkdir "$tmp/full"
	unshare -m sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1" || exit 99
		timeout -k 5 60 "$2" --export=json -o "$1/out.json" "$3" \
		    2>"$4/err"
		echo $? >"$4/rc"
		ls -A "$1" >"$4/left"' sh "$tmp/full" "$bv" "$tmp/race.mbox" "$tmp"
	rc=$(cat "$tmp/rc" 2>/dev/null || echo 99)
	if [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ ! -s "$tmp/left" ] &&
	    grep -q -i 'space' "$tmp/err"; then
		ok "-o on a full disk: fails, says why, leaves nothing"
	elif [ "$rc" -eq 99 ]; then
		echo "skip: -o on a full disk (no tmpfs mount here)"
	else
		bad "-o on a full disk: status $rc, left: $(cat "$tmp/left")"
		head -3 "$tmp/err"
	fi
	rm -f "$tmp/race.mbox"
fi

done_tests
