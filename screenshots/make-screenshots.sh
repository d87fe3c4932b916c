#!/bin/sh
# make-screenshots.sh BOUNCEVIEW MAILBOX OUTDIR: real runs of the interface
# in tmux, captured with their colours and drawn into PNGs by ansi2png.py
# (ImageMagick).  Run by `make screenshots`; not part of make check.
set -eu
bv=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mbox=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
cols=132 rows=38

command -v tmux >/dev/null || { echo "make screenshots needs tmux" >&2; exit 1; }
command -v python3 >/dev/null || { echo "make screenshots needs python3" >&2; exit 1; }
[ -x /usr/bin/convert ] || command -v convert >/dev/null ||
    { echo "make screenshots needs ImageMagick (imagemagick)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bv-shots.XXXXXX")
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT INT TERM
cp "$mbox" "$tmp/sample.mbox"

wait_for() {
	i=0
	while ! tm capture-pane -p -t bv | grep -qF -- "$1"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "screenshots: no \"$1\" on screen" >&2; exit 1; }
		sleep 0.1
	done
}

shot() {
	sleep 0.3
	tm capture-pane -e -N -p -t bv > "$tmp/$1.ansi"
	python3 "$here/ansi2png.py" "$tmp/$1.ansi" "$out/$1.png" $cols $rows
	echo "screenshots/$1.png"
}

tm new-session -d -s bv -x $cols -y $rows \
    "cd '$tmp' && env -u NO_COLOR -u PAGER TERM=screen-256color TZ=UTC LC_ALL=C.UTF-8 HOME='$tmp' '$bv' sample.mbox"
wait_for "Read "
tm send-keys -t bv j j j
shot main-split
tm send-keys -t bv g b
wait_for "Blocklist  "
shot blocklist-detail
tm send-keys -t bv i
wait_for "By reason"
shot summary
tm send-keys -t bv q
sleep 0.2
tm send-keys -t bv "?"
wait_for "Tag and save"
shot help
tm send-keys -t bv q Q
