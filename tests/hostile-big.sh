#!/bin/sh
# hostile-big.sh: a 2 GiB message and an mbox over 4 GiB, both sparse files
# generated at test time.  The program must not allocate the whole message
# ("message too large" or a capped read), and offsets past 4 GiB must come
# out exact.  Skipped (77) where the file system cannot hold sparse files.
. "$top_srcdir/tests/hostile/lib.sh"

# Sparse files possible here?  A 5 GiB hole must take (almost) no blocks.
if ! truncate -s 5G "$tmp/probe" 2>/dev/null ||
    [ "$(du -k "$tmp/probe" | cut -f1)" -gt 1024 ]; then
	echo "hostile-big: no sparse files in ${TMPDIR:-/tmp}: skipped"
	exit 77
fi
rm -f "$tmp/probe"

# 2 GiB message: a DSN, then an attachment that is one long hole.
python3 "$hs/gen.py" big "$tmp" || { bad "gen.py big"; done_tests; exit 1; }
bv_run 120 "$tmp/out" "$tmp/err" --export=json "$tmp/big.eml"
survived big && names_file big big.eml && valid_json big &&
    found_or_unreadable big big@example.org big.eml &&
    ok "big: 2 GiB message file within ${BV_MEM_KB} KiB"
# The same through standard input, which is spooled: it must be capped too.
bv_run 120 "$tmp/out" "$tmp/err" --export=json - <"$tmp/big.eml"
survived big-stdin && valid_json big-stdin &&
    ok "big: 2 GiB on standard input within ${BV_MEM_KB} KiB"
rm -f "$tmp/big.eml"

# mbox over 4 GiB: two bounces after the hole, at known 64-bit offsets.
python3 "$hs/gen.py" mbox4g "$tmp" || { bad "gen.py mbox4g"; done_tests; exit 1; }
bv_run 180 "$tmp/out" "$tmp/err" --export=json "$tmp/big.mbox"
if survived mbox4g && names_file mbox4g big.mbox && valid_json mbox4g &&
    has_rcpt mbox4g first@example.org; then
	good=1
	while read -r rcpt off; do
		if ! $check offset "$tmp/out" "$rcpt" "$off"; then
			bad "mbox4g: $rcpt not at offset $off"
			good=0
		fi
	done <"$tmp/big.mbox.offsets"
	[ $good -eq 1 ] && ok "mbox4g: exact offsets past 4 GiB"
fi
done_tests
