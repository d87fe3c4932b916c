#!/bin/sh
# export_cli.sh: the command line of ./bounceview outside the interface:
# --help and --version, usage errors (status 2, one line), unreadable input
# (status 1, the rest exported), the summary line, --filter, --all, -o
# (atomic, never over an input), standard input, user rules, determinism,
# and that the export never starts curses.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
bv=$top_builddir/bounceview
fx=$top_srcdir/tests/fixtures
sample=$fx/sample.mbox
[ -x "$bv" ] || { echo "no $bv"; exit 99; }
command -v python3 >/dev/null || { echo "export_cli: python3 needed"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-cli.XXXXXX") || exit 99
cleanup() { chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
# no user files of the person running the tests
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config"
unset NO_COLOR PAGER
mkdir -p "$HOME"

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; sed 's/^/    /' "$tmp/err" | head -5; }

# run ARG...: sets $rc; stdout in $tmp/out, stderr in $tmp/err
run() {
	"$bv" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# jq-like checks on JSON Lines (python3): count FILE [EXPR], where EXPR is a
# Python expression over the record r
jcount() {
	python3 -c '
import json, sys
expr = sys.argv[2] if len(sys.argv) > 2 else "True"
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if eval(expr):
        n += 1
print(n)' "$@"
}

# one_line: stderr is exactly one line, starting "bounceview: " or a file
one_line() {
	[ "$(wc -l <"$tmp/err")" -eq 1 ]
}

# ---- --help, --version ---------------------------------------------------------
run --help
if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q '^usage: bounceview' "$tmp/out"; then
	missing=
	for o in --export --output --all --filter --rules --config --no-color \
	    --explain --list-reasons --list-rules --list-formats --help \
	    --version; do
		grep -q -e "$o" "$tmp/out" || missing="$missing $o"
	done
	[ -z "$missing" ] && ok "--help lists every option" ||
	    bad "--help lacks$missing"
else
	bad "--help: status $rc"
fi
run -h
[ $rc -eq 0 ] && grep -q '^usage:' "$tmp/out" && ok "-h" || bad "-h: status $rc"
run --version
if [ $rc -eq 0 ] && grep -q '^bounceview [0-9][0-9.]*$' "$tmp/out" &&
    [ "$(wc -l <"$tmp/out")" -eq 1 ]; then
	ok "--version"
else
	bad "--version: status $rc: $(cat "$tmp/out")"
fi

# ---- usage errors: status 2, one line on stderr, nothing on stdout --------------
usage() {
	what=$1
	shift
	run "$@"
	if [ $rc -eq 2 ] && one_line && [ ! -s "$tmp/out" ] &&
	    grep -q -e "$what" "$tmp/err"; then
		ok "usage error: $*"
	else
		bad "usage error $*: status $rc, wanted 2 and '$what'"
	fi
}
usage 'unknown option --frobnicate' --frobnicate "$sample"
usage 'unknown option -x' -x "$sample"
usage '--export needs a value' --export
usage '-o needs a value' --export=json "$sample" -o
usage 'unknown format' --export=xml "$sample"
usage 'unknown format' --export=out.csv "$sample"
usage 'no mailbox given' --export=json
usage 'no mailbox given' --all
usage "filter=@foo: at offset 0: unknown field @foo" --export=json --filter=@foo "$sample"
usage "at offset 7: missing ) to close the ( at offset 0" --export=json '--filter=(@hard ' "$sample"
usage "at offset 7: empty pattern after |" --export=json '--filter=@hard |' "$sample"
usage '-o works with --export' -o "$tmp/x.json" "$sample"
usage '--filter works with --export' --filter=@hard "$sample"
usage 'exclude each other' --export=json --explain 550
usage 'exclude each other' --list-reasons --list-rules
usage 'exclude each other' --list-formats --list-rules
usage '--explain needs' --explain
usage 'takes no arguments' --list-reasons "$sample"
usage "is no reply code" --explain 'hello world'

# ---- status 1: an unreadable input is named, the rest is exported ----------------
run --export=json "$tmp/no-such.mbox" "$sample"
n=$(jcount "$tmp/out")
if [ $rc -eq 1 ] && [ "$n" -gt 0 ] &&
    grep -q "^$tmp/no-such.mbox: .*No such file" "$tmp/err"; then
	ok "missing mailbox: named, status 1, $n records of the rest"
else
	bad "missing mailbox: status $rc, $n records"
fi
# a message that looks like a bounce but cannot be read: status 1, the
# error line names file and message, the record carries the error
run --export=json "$fx/dsn/unreadable.eml"
if [ $rc -eq 1 ] &&
    grep -q "^$fx/dsn/unreadable.eml: message 1: unreadable: " "$tmp/err" &&
    [ "$(jcount "$tmp/out" 'r["error"] and r["error"].startswith("unreadable: ") and r["format"] is None')" -eq 1 ] &&
    grep -q ', 1 unreadable$' "$tmp/err"; then
	ok "unreadable message: named with its number, kept as a record, status 1"
else
	bad "unreadable message: status $rc"
fi

# ---- the summary ------------------------------------------------------------------
run --export=json "$sample"
n=$(jcount "$tmp/out")
if [ $rc -eq 0 ] && one_line &&
    grep -q "^bounceview: [0-9]* messages, [0-9]* bounces, $n records, 0 unreadable\$" "$tmp/err"; then
	ok "summary: $(cat "$tmp/err")"
else
	bad "summary: status $rc"
fi
cp "$tmp/out" "$tmp/all.jsonl"
# the same when the export goes to a file
run --export=json -o "$tmp/o.json" "$sample"
grep -q "^bounceview: [0-9]* messages, [0-9]* bounces, $n records" "$tmp/err" &&
    ok "summary with -o" || bad "summary with -o"

# ---- deterministic, records in mailbox and recipient order --------------------------
run --export=json "$sample"
if cmp -s "$tmp/out" "$tmp/all.jsonl" && python3 -c '
import json, sys
keys = [(r["path"], r["msgno"], r["rcpt"]) for r in map(json.loads, open(sys.argv[1]))]
offs = [r["offset"] for r in map(json.loads, open(sys.argv[1]))]
sys.exit(keys != sorted(keys) or offs != sorted(offs))' "$tmp/out"; then
	ok "same output twice, in mailbox order"
else
	bad "export differs between runs or is out of order"
fi

# ---- --filter --------------------------------------------------------------------------
total=$(jcount "$tmp/all.jsonl")
bl=$(jcount "$tmp/all.jsonl" 'r["blocklist"] is not None')
hard=$(jcount "$tmp/all.jsonl" 'r["hard"] is True')
run --export=json --filter=@dnsbl "$sample"
got=$(jcount "$tmp/out")
if [ $rc -eq 0 ] && [ "$bl" -gt 0 ] && [ "$got" -eq "$bl" ] &&
    [ "$(jcount "$tmp/out" 'r["blocklist"] is None')" -eq 0 ] &&
    grep -q ", $bl matched the filter\$" "$tmp/err"; then
	ok "--filter=@dnsbl: the $bl blocklist records"
else
	bad "--filter=@dnsbl: $got records, wanted $bl"
fi
run --export=json '--filter=!@dnsbl' "$sample"
got=$(jcount "$tmp/out")
[ $rc -eq 0 ] && [ "$got" -eq $((total - bl)) ] &&
    ok "--filter=!@dnsbl: the other $got" || bad "--filter=!@dnsbl: $got"
run --export=json '--filter=@hard | @dnsbl' "$sample"
got=$(jcount "$tmp/out")
want=$(jcount "$tmp/all.jsonl" 'r["hard"] is True or r["blocklist"] is not None')
[ $rc -eq 0 ] && [ "$got" -eq "$want" ] && [ "$hard" -gt 0 ] &&
    ok "--filter with |: $got" || bad "--filter with |: $got, wanted $want"
run --export=csv --filter=@dnsbl "$sample"
[ $rc -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq $((bl + 1)) ] &&
    ok "--filter with CSV: header and $bl rows" || bad "--filter with CSV"
run --export=json --filter=all "$sample"
cmp -s "$tmp/out" "$tmp/all.jsonl" && ok "--filter=all" || bad "--filter=all"

# ---- --all: a record for each message that is no bounce -------------------------------
run --export=json "$fx/dsn/notbounce.eml" "$fx/dsn/postfix.eml"
plain=$(jcount "$tmp/out" 'r["format"] is None')
run --export=json --all "$fx/dsn/notbounce.eml" "$fx/dsn/postfix.eml"
if [ $rc -eq 0 ] && [ "$plain" -eq 0 ] &&
    [ "$(jcount "$tmp/out" 'r["format"] is None and r["error"] is None and r["msgno"] == 1 and r["rcpt"] == 1 and r["reason"] is None and r["hard"] is None and r["original"]["subject"] is not None')" -eq 1 ]; then
	ok "--all: the message that is no bounce, with its own headers"
else
	bad "--all: status $rc"
fi

# ---- CSV: a header row, every row as wide --------------------------------------------
run --export=csv "$sample"
if [ $rc -eq 0 ] && python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), strict=True))
h = rows[0]
assert h[:4] == ["path", "offset", "msgno", "rcpt"], h
assert "original_message_id" in h and "remediation" in h
assert all(len(r) == len(h) for r in rows), "ragged"
assert len(rows) - 1 == int(sys.argv[2]), len(rows)
lines = open(sys.argv[1], "rb").read().split(b"\n")
assert lines[-1] == b"" and all(l.endswith(b"\r") for l in lines[:-1]), "not CRLF"
' "$tmp/out" "$total"; then
	ok "CSV: header, $total rows, CRLF"
else
	bad "CSV shape"
fi

# ---- standard input ----------------------------------------------------------------------
"$bv" --export=json - <"$sample" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(jcount "$tmp/out")" -eq "$total" ] && python3 -c '
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
for x in a + b:
    del x["path"]
sys.exit(a != b)' "$tmp/out" "$tmp/all.jsonl"; then
	ok "- reads standard input: the same records"
else
	bad "- (standard input): status $rc"
fi

# ---- -o: atomic, the same bytes, nothing else left; never over an input -------------------
mkdir "$tmp/w"
run --export=csv -o "$tmp/w/out.csv" "$sample"
"$bv" --export=csv "$sample" >"$tmp/direct.csv" 2>/dev/null
if [ $rc -eq 0 ] && [ ! -s "$tmp/out" ] && cmp -s "$tmp/w/out.csv" "$tmp/direct.csv" &&
    [ "$(ls -A "$tmp/w")" = out.csv ]; then
	ok "-o: the file holds the export, nothing else left"
else
	bad "-o: status $rc, left: $(ls -A "$tmp/w")"
fi
echo old >"$tmp/w/out.csv"
chmod 640 "$tmp/w/out.csv"
run --export=csv --output="$tmp/w/out.csv" "$sample"
if [ $rc -eq 0 ] && cmp -s "$tmp/w/out.csv" "$tmp/direct.csv" &&
    [ "$(stat -c %a "$tmp/w/out.csv")" = 640 ]; then
	ok "--output over an old file: replaced, its mode kept"
else
	bad "--output over an old file"
fi
cp "$sample" "$tmp/in.mbox"
sum=$(cksum <"$tmp/in.mbox")
for target in in.mbox ./in.mbox; do
	(cd "$tmp" && "$bv" --export=json -o "$target" in.mbox >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ $rc -eq 2 ] && one_line && grep -q 'is one of the input' "$tmp/err" &&
	    [ "$(cksum <"$tmp/in.mbox")" = "$sum" ]; then
		ok "-o $target over the input: refused, status 2"
	else
		bad "-o $target over the input: status $rc"
	fi
done
# standard output appended to an input: it would read what it writes
"$bv" --export=json "$tmp/in.mbox" >>"$tmp/in.mbox" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && one_line && grep -q 'standard output is one of the input' "$tmp/err" &&
    [ "$(cksum <"$tmp/in.mbox")" = "$sum" ] &&
    ok "standard output onto an input: refused, status 2" ||
    bad "standard output onto an input: status $rc"
# - (standard input) is an input too
"$bv" --export=json -o "$tmp/in.mbox" - <"$tmp/in.mbox" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ "$(cksum <"$tmp/in.mbox")" = "$sum" ] &&
    ok "-o over the file on standard input: refused, status 2" ||
    bad "-o over the file on standard input: status $rc"
# a Maildir: neither the directory nor its cur/new/tmp take a file
mkdir -p "$tmp/md/cur" "$tmp/md/new" "$tmp/md/tmp"
cp "$fx/dsn/postfix.eml" "$tmp/md/new/1700000000.1.host"
for target in md/out.json md/cur/out.json md/new/x md/tmp/x; do
	run --export=json -o "$tmp/$target" "$tmp/md"
	if [ $rc -eq 2 ] && [ ! -e "$tmp/$target" ]; then
		ok "-o $target inside an input Maildir: refused"
	else
		bad "-o $target inside an input Maildir: status $rc"
	fi
done
run --export=json -o "$tmp/nodir/out.json" "$sample"
if [ $rc -eq 1 ] && one_line && grep -q "$tmp/nodir/out.json: .*No such file" "$tmp/err" &&
    [ ! -e "$tmp/nodir" ]; then
	ok "-o in a missing directory: status 1, says why"
else
	bad "-o in a missing directory: status $rc"
fi
run --export=json -o /dev/null "$sample"
[ $rc -eq 1 ] && grep -q 'not a regular file' "$tmp/err" &&
    ok "-o /dev/null: refused (never renamed over a device)" ||
    bad "-o /dev/null: status $rc"
# an export ended by a signal leaves no temporary file: it waits on
# standard input, its temporary file beside out.json, when TERM comes
mkdir "$tmp/int"
mkfifo "$tmp/fifo"
"$bv" --export=json -o "$tmp/int/out.json" - <"$tmp/fifo" >/dev/null 2>&1 &
pid=$!
exec 3>"$tmp/fifo"		# standard input stays open until 3 closes
cat "$sample" >&3
i=0
while [ $i -lt 100 ] && [ -z "$(ls -A "$tmp/int")" ]; do
	sleep 0.1
	i=$((i + 1))
done
seen=$(ls -A "$tmp/int")
kill -TERM $pid 2>/dev/null
i=0
while [ $i -lt 50 ] && [ -n "$(ls -A "$tmp/int")" ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -n "$seen" ] && [ -z "$(ls -A "$tmp/int")" ]; then
	ok "killed during -o: its temporary file ($seen) is removed"
else
	bad "killed during -o: seen '$seen', left: $(ls -A "$tmp/int")"
fi
exec 3>&-
wait $pid 2>/dev/null

# ---- user rules: the default file and --rules decide the export -----------------------------
mkdir -p "$XDG_CONFIG_HOME/bounceview"
cat >"$tmp/mine.rules" <<'EOF'
# every 5.1.1 is a moved mailbox here
rule test-moved
	status 5.1.1
	reason hasmoved
EOF
run --export=json --rules="$tmp/mine.rules" "$sample"
n511=$(jcount "$tmp/all.jsonl" 'r["status"] == "5.1.1"')
if [ $rc -eq 0 ] && [ "$n511" -gt 0 ] &&
    [ "$(jcount "$tmp/out" 'r["status"] == "5.1.1" and r["reason"] == "hasmoved" and r["rule"] == "test-moved"')" -eq "$n511" ]; then
	ok "--rules: the user's rule decides $n511 records"
else
	bad "--rules: status $rc"
fi
cp "$tmp/mine.rules" "$XDG_CONFIG_HOME/bounceview/rules"
run --export=json "$sample"
[ "$(jcount "$tmp/out" 'r["rule"] == "test-moved"')" -eq "$n511" ] &&
    ok "\$XDG_CONFIG_HOME/bounceview/rules is read" || bad "default rules file ignored"
printf 'rule broken\n\tstatus 5.1.1\n' >"$XDG_CONFIG_HOME/bounceview/rules"
run --export=json "$sample"
if [ $rc -eq 0 ] && grep -q "^$XDG_CONFIG_HOME/bounceview/rules:[0-9]*: " "$tmp/err" &&
    [ "$(jcount "$tmp/out")" -eq "$total" ]; then
	ok "a broken rules file: FILE:LINE named, the export goes on"
else
	bad "broken rules file: status $rc"
fi
rm -f "$XDG_CONFIG_HOME/bounceview/rules"

# ---- the export never starts curses --------------------------------------------------------
esc=$(printf '\033')
noesc=1
for term in unset xterm dumb; do
	if [ $term = unset ]; then
		(unset TERM; "$bv" --export=json "$sample" >"$tmp/out" 2>"$tmp/err")
	else
		TERM=$term "$bv" --export=csv "$sample" >"$tmp/out" 2>"$tmp/err"
	fi
	grep -q "$esc" "$tmp/out" "$tmp/err" && noesc=0
done
# on a terminal too: script(1) gives it one
if command -v script >/dev/null &&
    script -q -c "TERM=xterm '$bv' --export=json '$sample'" "$tmp/typescript" \
    </dev/null >/dev/null 2>&1; then
	grep -q "$esc" "$tmp/typescript" && noesc=0
	tty=" (and on a pseudo-terminal)"
else
	tty=" (script(1) not available: no terminal run)"
fi
[ $noesc = 1 ] && ok "export writes no escape sequence$tty" ||
    bad "an escape sequence in the export's output"
# nothing of the parser or the catalog refers to curses
if command -v nm >/dev/null; then
	curses='^(initscr|newterm|endwin|setupterm|set_term|tgetent|tigetstr|tputs|putp|stdscr|curscr|wrefresh|doupdate|keypad|start_color|newwin|cbreak|raw|noecho)$'
	if nm -u "$top_builddir/libbvparser.a" "$top_builddir/libbvcatalog.a" 2>/dev/null |
	    awk '{print $NF}' | grep -E -q "$curses"; then
		bad "libbvparser.a or libbvcatalog.a uses curses"
	else
		ok "libbvparser.a and libbvcatalog.a use no curses symbol"
	fi
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
