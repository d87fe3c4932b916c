#!/bin/sh
# formats_cli.sh: --list-formats names every format a record can have, once
# each; the man page lists the same names; every format the fixtures give
# is among them; and --filter accepts @format= with any of them.
set -u
bv=${top_builddir:-.}/bounceview
top=${top_srcdir:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	if eval "$2"; then echo "ok $1"; else echo "FAIL $1"; fail=1; fi
}
"$bv" --list-formats >"$tmp/list"
rc=$?
check "--list-formats exits 0" 'test $rc -eq 0'
check "--list-formats names more than 40 formats" \
    'test "$(wc -l <"$tmp/list")" -gt 40'
check "each name once" 'test -z "$(sort "$tmp/list" | uniq -d)"'
for n in rfc3464 arf autoreply amazonses generic qmail exim domino \
    office365 exchange2007 courier opensmtpd sendmail postfix; do
	check "$n is listed" 'grep -qx "$n" "$tmp/list"'
done
check "the text-block reader's own name is not a format" \
    '! grep -qx text "$tmp/list"'
"$bv" --list-formats extra >/dev/null 2>&1
rc=$?
check "--list-formats takes no arguments (status 2)" 'test $rc -eq 2'
# The man page's BOUNCE FORMATS section names every format.
sed -n '/^\.Sh BOUNCE FORMATS/,/^\.Sh /p' "$top/tui/bounceview.1" |
    sed -n 's/^\.Cm \([a-z0-9]*\).*/\1/p' | sort -u >"$tmp/man"
check "the man page lists exactly these formats" \
    'test "$(sort "$tmp/list")" = "$(cat "$tmp/man")"'
# Every format the fixtures give is listed.
find "$top/tests/fixtures" -name '*.eml' >"$tmp/files"
# shellcheck disable=SC2046
"$bv" --export=json $(cat "$tmp/files") 2>/dev/null |
    sed -n 's/.*"format":"\([^"]*\)".*/\1/p' | sort -u >"$tmp/seen"
check "the fixtures give more than 30 formats" \
    'test "$(wc -l <"$tmp/seen")" -gt 30'
sort "$tmp/list" >"$tmp/list.sorted"
check "every format the fixtures give is listed" \
    'test -z "$(comm -23 "$tmp/seen" "$tmp/list.sorted")"'
# @format= takes any listed name.
while read -r n; do
	"$bv" --export=json --filter="@format=$n" \
	    "$top/tests/fixtures/sample.mbox" >/dev/null 2>&1
	rc=$?
	[ $rc -le 1 ] || { echo "FAIL --filter=@format=$n: status $rc"; fail=1; }
done <"$tmp/list"
[ $fail -eq 0 ] && echo "formats_cli: all passed"
exit $fail
