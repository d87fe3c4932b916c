#!/bin/sh
# corpus-eval.sh CORPUS: score ./bounceview on a corpus with the shared
# score-corpus tool and fail when a figure drops under its floor.  The floors
# live in tests/corpus-floor.txt; raise them as the program improves.
set -eu
corpus=${1:?usage: corpus-eval.sh CORPUS}
top_srcdir=${top_srcdir:-$(dirname "$0")/..}
prog=${BOUNCEVIEW:-./bounceview}
scorer=${SCORE_CORPUS:-$corpus/../../tools/score-corpus}
floors=$top_srcdir/tests/corpus-floor.txt

[ -x "$scorer" ] || { echo "corpus-eval: $scorer: no scoring tool" >&2; exit 1; }
fail=0
for mode in dsn-only all; do
	if [ $mode = dsn-only ]; then flag=--dsn-only; else flag=; fi
	# shellcheck disable=SC2086
	out=$("$scorer" $flag "$prog" "$corpus")
	printf '%s\n' "$out" | sed "s/^/[$mode] /"
	last=$(printf '%s\n' "$out" | grep '^reason=' | tail -n 1)
	while read -r fmode measure floor; do
		case $fmode in ''|'#'*) continue ;; esac
		[ "$fmode" = "$mode" ] || continue
		got=$(printf '%s\n' "$last" | tr ' ' '\n' | sed -n "s/^$measure=//p")
		if [ -z "$got" ]; then
			echo "corpus-eval: [$mode] $measure: not in the scorer's output" >&2
			fail=1
		elif awk -v g="$got" -v f="$floor" 'BEGIN { exit !(g < f) }'; then
			echo "corpus-eval: [$mode] $measure=$got is under the floor $floor" >&2
			fail=1
		fi
	done < "$floors"
done
exit $fail
