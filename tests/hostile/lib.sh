# lib.sh: what the hostile suites share (sourced by tests/hostile*.sh).
#
# bv_run LIMIT_S OUT ERR ARG...: run ./bounceview with a time limit and an
# address-space limit (BV_MEM_KB, not under ASan, which reserves terabytes of
# shadow memory); sets $rc.  A signal or timeout is a crash: no input may
# cause one.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
bv=$top_builddir/bounceview
hs=$top_srcdir/tests/hostile
check="python3 $hs/check.py"
BV_MEM_KB=${BV_MEM_KB:-1572864}		# 1.5 GiB: far below a 2 GiB message
pass=0 fail=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-hostile.XXXXXX") || exit 99
cleanup() {
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ -x "$bv" ] || { echo "no $bv"; exit 99; }
command -v python3 >/dev/null || { echo "hostile: python3 needed"; exit 77; }
asan=0
grep -q -e __asan_init -e AddressSanitizer "$bv" 2>/dev/null && asan=1
# Sanitizers slow everything down several times.
slow=1
[ $asan -eq 1 ] && slow=4

ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

bv_run() {
	limit=$(($1 * slow)) out=$2 err=$3
	shift 3
	if [ $asan -eq 1 ]; then
		timeout -k 5 "$limit" "$bv" "$@" >"$out" 2>"$err"
	else
		( ulimit -v "$BV_MEM_KB" && exec timeout -k 5 "$limit" "$bv" "$@" ) \
		    >"$out" 2>"$err"
	fi
	rc=$?
	return $rc
}

# survived CASE: the last run ended by itself with status 0 or 1.
survived() {
	case $rc in
	0|1) return 0 ;;
	124|137) bad "$1: hung (killed after the time limit)" ;;
	*) if [ $rc -gt 128 ]; then
		bad "$1: killed by signal $((rc - 128))"
	   else
		bad "$1: exit status $rc"
	   fi ;;
	esac
	sed 's/^/    /' "$tmp/err" | head -20
	return 1
}

# names_file CASE NAME: with status 1, some error line on stderr names the
# input.
names_file() {
	[ "$rc" -eq 0 ] && return 0
	grep -F -q -- "$2" "$tmp/err" && return 0
	bad "$1: status 1 but no error line names $2"
	sed 's/^/    /' "$tmp/err" | head -5
	return 1
}

# found_or_unreadable CASE RCPT NAME: the recipient is in the export, or the
# message is listed as unreadable: an error record, and one line on stderr
# naming the file and the message number.
found_or_unreadable() {
	if $check has "$tmp/out" recipient "$2" 2>/dev/null; then
		return 0
	fi
	if $check error "$tmp/out" 2>/dev/null &&
	    grep -F -- "$3" "$tmp/err" | grep -q 'message [0-9]'; then
		return 0
	fi
	bad "$1: $2 neither exported nor listed as unreadable (record and line)"
	sed 's/^/    /' "$tmp/err" | head -5
	return 1
}

# Checks of the last run's output ($tmp/out) that report their own failure,
# so that they chain: survived X && valid_json X && has_rcpt X R && ok X.
# valid_json CASE / valid_csv CASE: the output is valid JSON Lines / CSV.
valid_json() {
	$check jsonl "$tmp/out" && return 0
	bad "$1: the JSON export is invalid"
	return 1
}
valid_csv() {
	$check csv "$tmp/out" && return 0
	bad "$1: the CSV export is invalid or has a formula cell"
	return 1
}
# has_rcpt CASE RCPT: a record of recipient RCPT.
has_rcpt() {
	$check has "$tmp/out" recipient "$2" && return 0
	bad "$1: $2 not exported"
	return 1
}
# field_has CASE FIELD TEXT: a record whose FIELD contains TEXT.
field_has() {
	$check contains "$tmp/out" "$2" "$3" && return 0
	bad "$1: no $2 contains $3"
	return 1
}
# lacks CASE TEXT: TEXT appears in no record.
lacks() {
	$check hasnot "$tmp/out" "$2" && return 0
	bad "$1: $2 appears in the export"
	return 1
}
# clean CASE FILE: no raw control or bidi character in FILE.
clean() {
	$check clean "$2" && return 0
	bad "$1: raw control characters in ${2##*/}"
	return 1
}

# done_tests: the closing line and status.
done_tests() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
