#!/bin/sh
# catalog_cli.sh: the catalog through the real program: --explain (output
# and exit status), --list-reasons, --list-rules, and user rules from
# --rules and from $XDG_CONFIG_HOME reaching the export.
set -eu
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
bv=$top_builddir/bounceview
fix=$top_srcdir/tests/fixtures/rules
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-catalog-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "catalog_cli: $*" >&2; exit 1; }
has() { grep -F -q -- "$2" "$1" || { cat "$1" >&2; fail "no \"$2\""; }; }

# No user file from the environment unless a test sets one.
XDG_CONFIG_HOME=$tmp/none; export XDG_CONFIG_HOME

# --explain: codes, unknown codes, a diagnostic line, and not a code.
"$bv" --explain 550 5.7.26 > "$tmp/out" || fail "--explain 550 5.7.26"
has "$tmp/out" "550: permanent (reply code)"
has "$tmp/out" "5.7.26: permanent (enhanced status code)"
has "$tmp/out" "Multiple authentication checks failed"
"$bv" --explain 5.7.99 > "$tmp/out" || fail "--explain 5.7.99"
has "$tmp/out" "not in the registry"
"$bv" --explain '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org' > "$tmp/out" ||
	fail "--explain of a diagnostic line"
has "$tmp/out" "reason    blocked (reputation, soft bounce)"
has "$tmp/out" "blocklist Spamhaus ZEN, https://check.spamhaus.org/"
has "$tmp/out" "listed IP 192.0.2.7"
status=0
"$bv" --explain 'hello' > "$tmp/out" 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "--explain hello: exit $status, want 2"

# --list-reasons: a header and the 34 reasons.
"$bv" --list-reasons > "$tmp/out" || fail "--list-reasons"
[ "$(wc -l < "$tmp/out")" -eq 35 ] || fail "--list-reasons: not 35 lines"
has "$tmp/out" "userunknown      recipient   yes"

# --rules: the user's rules come first in --list-rules and decide the export.
"$bv" --rules "$fix/override.rules" --list-rules > "$tmp/out" ||
	fail "--rules --list-rules"
first=$(grep '^rule ' "$tmp/out" | head -n 1)
[ "$first" = "rule local-quarantine" ] || fail "first rule is \"$first\""
"$bv" --export=json "$fix/quarantine.eml" > "$tmp/plain.json" 2>/dev/null
grep -q '"rule":"local-quarantine"' "$tmp/plain.json" &&
	fail "the user rule fired without --rules"
"$bv" --rules "$fix/override.rules" --export=json "$fix/quarantine.eml" \
    > "$tmp/user.json" 2>/dev/null
has "$tmp/user.json" '"rule":"local-quarantine"'
has "$tmp/user.json" '"reason":"policyviolation"'
has "$tmp/user.json" 'Ask helpdesk@example.org to release the message.'

# The same file as the default user file.
mkdir -p "$tmp/xdg/bounceview"
cp "$fix/override.rules" "$tmp/xdg/bounceview/rules"
XDG_CONFIG_HOME=$tmp/xdg "$bv" --export=json "$fix/quarantine.eml" \
    > "$tmp/xdg.json" 2>/dev/null
has "$tmp/xdg.json" '"rule":"local-quarantine"'

# A malformed file: FILE:LINE on stderr, and the program goes on.
"$bv" --rules "$fix/malformed.rules" --list-reasons > "$tmp/out" \
    2> "$tmp/err" || fail "a malformed rules file stopped the program"
has "$tmp/err" "$fix/malformed.rules:5: unknown key \"txt\" in a rule entry"
[ "$(wc -l < "$tmp/out")" -eq 35 ] || fail "no listing after a bad file"
exit 0
