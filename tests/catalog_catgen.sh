#!/bin/sh
# catalog_catgen.sh: catgen turns the catalog files into tables and refuses
# a broken one with FILE:LINE, leaving no output behind; so an edit that
# breaks a catalog file fails the build instead of shipping.
set -eu
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
catgen=$top_builddir/catgen
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-catgen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "catalog_catgen: $*" >&2; exit 1; }

[ -x "$catgen" ] || fail "no $catgen"
mkdir -p "$tmp/src/catalog"
cp "$top_srcdir"/catalog/*.txt "$tmp/src/catalog/"
files=
for f in replycodes enhanced reasons blocklists signals providers phrases \
    fallbacks; do
	files="$files catalog/$f.txt"
done

# The real files go through and give C that defines the tables.
# shellcheck disable=SC2086
"$catgen" -o "$tmp/good.c" -C "$tmp/src" $files ||
	fail "the built-in catalog is refused"
grep -q '^const struct cat_set cat_builtin = {' "$tmp/good.c" ||
	fail "no cat_builtin in the output"

# A rule naming a reason that does not exist, and a typo in a key.
cat >> "$tmp/src/catalog/phrases.txt" <<'RULES'

rule broken-by-test
	text "something"
	reason nosuchreason
rule typo-by-test
	txet "something"
	reason blocked
RULES
last=$(wc -l < "$tmp/src/catalog/phrases.txt")
# shellcheck disable=SC2086
if "$catgen" -o "$tmp/bad.c" -C "$tmp/src" $files 2> "$tmp/err"; then
	fail "a broken catalog file was accepted"
fi
grep -q "^catalog/phrases.txt:$((last - 3)): unknown reason \"nosuchreason\"" \
    "$tmp/err" || { cat "$tmp/err" >&2; fail "no FILE:LINE for the reason"; }
grep -q "^catalog/phrases.txt:$((last - 1)): unknown key \"txet\"" \
    "$tmp/err" || { cat "$tmp/err" >&2; fail "no FILE:LINE for the key"; }
grep -q "^catgen: 2 problems in the catalog files" "$tmp/err" ||
	fail "no summary line"
[ ! -e "$tmp/bad.c" ] || fail "output left behind after a failure"
exit 0
