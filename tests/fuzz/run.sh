#!/bin/sh
# run.sh SECONDS TARGET...: run each libFuzzer target for SECONDS (make fuzz).
# The reader target runs once per reader (BV_FUZZ_READER), SECONDS each.
# Each target keeps a growing corpus in the build tree (tests/fuzz/corpus/),
# seeded from the project's fixtures at run time, and also reads the
# regression inputs of tests/fuzz/regress/TARGET/.  A crash, leak, timeout
# or broken promise leaves its input in tests/fuzz/findings/TARGET/ and makes
# the run fail.  One line per run goes to tests/fuzz/fuzz.log.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
secs=$1; shift
fz=$top_builddir/tests/fuzz
log=$fz/fuzz.log
failed=0
# UBSan must stop at the first report for libFuzzer to keep the input.
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export UBSAN_OPTIONS

fuzz_one() {	# fuzz_one TARGET NAME SEEDKIND [VAR=VALUE]
	t=$1 name=$2 kind=$3
	case $t in
	classify) dict=mime.dict maxlen=4096 ;;
	pattern) dict=pattern.dict maxlen=1024 ;;
	rules) dict=rules.dict maxlen=16384 ;;
	*) dict=mime.dict maxlen=65536 ;;
	esac
	corpus=$fz/corpus/$name findings=$fz/findings/$name
	mkdir -p "$corpus" "$findings"
	if command -v python3 >/dev/null; then
		python3 "$top_srcdir/tests/fuzz/seeds.py" "$kind" "$corpus" \
		    "$top_srcdir" >/dev/null
	fi
	regress=$top_srcdir/tests/fuzz/regress/$t
	[ -d "$regress" ] || regress=
	echo "fuzz: $name for $secs s"
	out=$fz/$name.out
	# -entropic=0: the entropic schedule's bookkeeping took two thirds of
	# the time of the parse target (20,000 features); plain scheduling
	# ran five times as many inputs.
	"$fz/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 \
	    -entropic=0 \
	    -max_len=$maxlen -dict="$top_srcdir/tests/fuzz/$dict" \
	    -artifact_prefix="$findings/" -print_final_stats=1 \
	    "$corpus" $regress >"$out" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
	nfind=$(find "$findings" -type f | wc -l)
	printf '%s %s %ss execs=%s rc=%s findings=%s\n' \
	    "$(date -u +%Y-%m-%dT%H:%MZ)" "$name" "$secs" "${execs:-?}" "$rc" \
	    "$nfind" >>"$log"
	tail -1 "$log"
	if [ "$rc" -ne 0 ] || [ "$nfind" -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|broken promise|==[0-9]+==' "$out" | head -20
		echo "fuzz: $name: FINDING (log $out, inputs in $findings)"
		failed=1
	fi
}

for t in "$@"; do
	if [ "$t" = reader ]; then
		for r in $(BV_FUZZ_LIST=1 "$fz/fuzz_reader"); do
			BV_FUZZ_READER=$r
			export BV_FUZZ_READER
			fuzz_one reader "reader-$r" reader
			unset BV_FUZZ_READER
		done
	else
		fuzz_one "$t" "$t" "$t"
	fi
done
[ $failed -eq 0 ] && echo "fuzz: no finding" || echo "fuzz: FINDINGS"
exit $failed
