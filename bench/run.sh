#!/bin/bash
# bench/run.sh: the benchmark behind `make bench`.  It measures, it never
# judges: no time makes it fail, and `make check` never runs it.
#
# For mboxes of BENCH_SIZES megabytes (default 100 250 500) and a Maildir of
# BENCH_MAILDIR messages (default 100000), generated once into BENCH_DIR
# (default /tmp/bounceview-bench) and reused while the generator and seed
# are unchanged, with a warm page cache, the median of BENCH_RUNS (>= 3)
# runs of: the export, the floor (grep -c '^From ' and a read()+memmem
# scan), the interface's first screen and full index (inside tmux), key
# handling over the whole index (the interface's test mode), and mutt and
# neomutt opening a BENCH_PEER_SIZE (default 200) MB mbox when installed.
# The export and floor runs of the sizes take turns (100, 250, 500, 100,
# ...), so that a drift of the machine's speed weighs on every size alike.
# Linearity is given two ways: the spread of the cost per message over the
# sizes, and the straight line through the sizes' times (what a message
# costs, what a run pays once, how far each size lies from the line), next
# to the time of a mailbox of a few messages and to what a page of memory
# costs a process the first time it touches it (bench/pagecost).
# Prints Markdown tables; bench/RESULTS.md keeps the latest ones.
#
# The readers' share: the export again with bench/bvdsnonly (a build whose
# reader table holds only the feedback-report and RFC 3464 readers).
#
# BENCH_SKIP may name parts to leave out: export readers maildir tui keys
# peers;
# BENCH_PEERS the programs of the comparison (bounceview mutt neomutt).
set -u

here=$(cd "$(dirname "$0")" && pwd)
BV=${BV:-./bounceview}
BVGEN=${BVGEN:-./bench/bvgen}
FLOORSCAN=${FLOORSCAN:-./bench/floorscan}
BVDSNONLY=${BVDSNONLY:-./bench/bvdsnonly}
BVTIME=${BVTIME:-./bench/bvtime}
PAGECOST=${PAGECOST:-./bench/pagecost}
BENCH_DIR=${BENCH_DIR:-/tmp/bounceview-bench}
RUNS=${BENCH_RUNS:-3}
SIZES=${BENCH_SIZES:-100 250 500}
MDCOUNT=${BENCH_MAILDIR:-100000}
PEER_SIZE=${BENCH_PEER_SIZE:-200}
SEED=${BENCH_SEED:-1}
SKIP=" ${BENCH_SKIP:-} "
PEERS=${BENCH_PEERS:-bounceview mutt neomutt}
TMUX_SOCK=bvbench-$$

[ "$RUNS" -ge 3 ] 2>/dev/null || RUNS=3
for p in "$BV" "$BVGEN" "$FLOORSCAN" "$BVTIME" "$BVDSNONLY" "$PAGECOST"; do
	[ -x "$p" ] || { echo "bench: $p is missing (run make bench)" >&2; exit 2; }
done
mkdir -p "$BENCH_DIR" || exit 2
tmp=$(mktemp -d "$BENCH_DIR/run.XXXXXX") || exit 2
trap 'tmux -L "$TMUX_SOCK" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
# sleeping without a fork: a read that times out on a pipe nobody writes
exec {nap}<> <(:)
nap() { read -r -t "$1" -u "$nap" _; }

skip() { case $SKIP in *" $1 "*) return 0;; esac; return 1; }

# --- helpers -------------------------------------------------------------------

# A key that changes when the generator or the seed does.
stamp=$(cat "$here"/bvgen.c "$here"/gen*.c "$here"/gen*.h | cksum | cut -d' ' -f1)-$SEED

gen_mbox() {	# SIZE_MB -> prints the file name
	local f=$BENCH_DIR/bounces-$1M.mbox
	if [ "$(cat "$f.stamp" 2>/dev/null)" != "$stamp" ]; then
		echo "bench: generating $f" >&2
		"$BVGEN" --mbox "$f.tmp" --size "$1M" --seed "$SEED" \
		    --stats 2>"$f.stats" && mv "$f.tmp" "$f" &&
		    echo "$stamp" >"$f.stamp" || exit 2
	fi
	echo "$f"
}

gen_maildir() {	# COUNT -> prints the directory name
	local d=$BENCH_DIR/maildir-$1
	if [ "$(cat "$d.stamp" 2>/dev/null)" != "$stamp" ]; then
		echo "bench: generating $d" >&2
		rm -rf "$d" "$d.tmp"
		"$BVGEN" --maildir "$d.tmp" --count "$1" --seed "$SEED" \
		    --stats 2>"$d.stats" && mv "$d.tmp" "$d" &&
		    echo "$stamp" >"$d.stamp" || exit 2
	fi
	echo "$d"
}

warm() {	# read every byte once so the page cache holds it
	if [ -d "$1" ]; then
		find "$1" -type f -exec cat {} + >/dev/null
	else
		cat "$1" >/dev/null
	fi
}

# timeone NAME CMD...: one timed run added to $tmp/NAME (bvtime lines),
# after an untimed warm-up when NAME has none yet; the command's stderr in
# $tmp/NAME.err.  Output goes to /dev/null, or to $tmp/NAME.out for a
# NAME starting with "grep": GNU grep stops at the first match when its
# output is /dev/null.
timeone() {
	local name=$1 out=/dev/null
	shift
	case $name in grep*) out=$tmp/$name.out;; esac
	[ -s "$tmp/$name" ] || "$@" >"$out" 2>&1
	"$BVTIME" -o "$tmp/$name" -- "$@" >"$out" 2>"$tmp/$name.err"
}

# timeit NAME CMD...: RUNS timed runs in a row into a fresh $tmp/NAME.
timeit() {
	local i
	rm -f "$tmp/$1"
	for ((i = 0; i < RUNS; i++)); do
		timeone "$@"
	done
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { grep -o "$1=[0-9.]*" "$2" | cut -d= -f2; }
wall() { field wall "$tmp/$1" | median; }
best() { field wall "$tmp/$1" | sort -n | head -1; }
cpu() { awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["user"] + v["sys"] }' "$tmp/$1" | median; }
rss_mb() { field maxrss_kb "$tmp/$1" | sort -n | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# --- tmux: time until the screen shows what we wait for ---------------------

# screen_count REGEX: COUNT = lines of the pane matching REGEX
screen_count() {
	local out line
	COUNT=0
	out=$(tmux -L "$TMUX_SOCK" capture-pane -p -t bench 2>/dev/null) || return
	while IFS= read -r line; do
		[[ $line =~ $1 ]] && COUNT=$((COUNT + 1))
	done <<<"$out"
}

# NOW: microseconds since the epoch, without a fork.
usec() { local t=$EPOCHREALTIME; NOW=$((10#${t/./})); }
secs() { printf '%d.%03d' $(($1 / 1000000)) $(($1 % 1000000 / 1000)); }

# stream_count REGEX: COUNT = pieces of the pane's output so far (split
# at escape characters: one screen row is usually one piece) matching
# REGEX; read with builtins only, no process started.
stream_count() {
	local out piece
	COUNT=0
	read -r -d '' out <"$tmp/pane.out"
	out=${out//$'\e'/$'\n'}
	while IFS= read -r piece; do
		[[ $piece =~ $1 ]] && COUNT=$((COUNT + 1))
	done <<<"$out"
}

# tmux_time CMD ROWS_REGEX MIN_ROWS DONE_REGEX HOW: starts CMD in a fresh
# 120x40 pane and prints "FIRST DONE" seconds: until MIN_ROWS rows match
# ROWS_REGEX, and until the output holds a match of DONE_REGEX (or "-"
# when DONE_REGEX is empty).  Gives up after 60 s ("timeout").
#
# Looking costs.  A look at the screen (HOW=screen) starts a tmux client;
# on 2 cores busy with the program measured, a look took 20-50 ms, and
# looking without a pause took a core from the program (the interface's
# index seemed to take twice as long).  So with HOW=stream (bounceview)
# tmux copies the pane's output to a file (pipe-pane) and the shell reads
# it with builtins every 10 ms: the figures are late by up to about 10 ms.
# HOW=screen (mutt, neomutt: their rows are not told apart in the raw
# output) looks at the screen every 10 ms; figures late by up to a look.
tmux_time() {
	local cmd=$1 rows=$2 min=$3 done=$4 how=$5 t0 first=- fin=- out=
	local log=$tmp/pane.out
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 120 -y 40 \
	    -s bench "exec bash --norc --noprofile" || { echo "- -"; return; }
	tmux -L "$TMUX_SOCK" set-option -t bench status off >/dev/null
	: >"$log"
	tmux -L "$TMUX_SOCK" pipe-pane -t bench "exec cat >>'$log'"
	nap 0.3
	usec; t0=$NOW
	tmux -L "$TMUX_SOCK" send-keys -t bench "exec $cmd" Enter
	while :; do
		usec
		if ((NOW - t0 > 60000000)); then
			[ "$first" = - ] && first=timeout
			fin=timeout
			break
		fi
		if [ "$first" = - ]; then
			if [ "$how" = stream ]; then
				stream_count "$rows"
			else
				screen_count "$rows"
			fi
			usec
			((COUNT >= min)) && first=$(secs $((NOW - t0)))
		fi
		if [ "$first" != - ]; then
			[ -z "$done" ] && break
			read -r -d '' out <"$log"
			usec
			if [[ $out =~ $done ]]; then
				fin=$(secs $((NOW - t0)))
				break
			fi
		fi
		nap 0.01
	done
	hwm "$(tmux -L "$TMUX_SOCK" display-message -p -t bench '#{pane_pid}')"
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	echo "$first $fin $HWM"
}

# hwm PID: HWM="MAIN CHILD" peak resident KB of the process and of its
# largest child (bounceview's parsing workers), or "- -".
hwm() {
	local pid=$1 c k max=0 main
	HWM="- -"
	main=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || return
	for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
		k=$(awk '/^VmHWM/ { print $2 }' "/proc/$c/status" 2>/dev/null)
		[ -n "$k" ] && ((k > max)) && max=$k
	done
	HWM="${main:--} $max"
}

# tui_times NAME CMD ROWS MIN DONE HOW: RUNS runs after a warm-up, one line
# each in $tmp/NAME.first, .done, .rss (MB, the process) and .wrss (MB,
# its largest child)
tui_times() {
	local name=$1 i r
	shift
	: >"$tmp/$name.first"; : >"$tmp/$name.done"
	: >"$tmp/$name.rss"; : >"$tmp/$name.wrss"
	tmux_time "$@" >/dev/null
	for ((i = 0; i < RUNS; i++)); do
		r=($(tmux_time "$@"))
		echo "${r[0]}" >>"$tmp/$name.first"
		echo "${r[1]}" >>"$tmp/$name.done"
		echo "${r[2]}" | awk '{ printf "%.1f\n", $1 / 1024 }' >>"$tmp/$name.rss"
		echo "${r[3]}" | awk '{ printf "%.1f\n", $1 / 1024 }' >>"$tmp/$name.wrss"
	done
}
maxof() { sort -n "$1" | tail -1; }

# bounceview's index rows: an address and a status or reply code
BV_ROWS='@[^ ]+.* ([245]\.[0-9]{1,3}\.[0-9]{1,3}|[245][0-9][0-9]) '
BV_DONE='Read [0-9]+ messages?'
MUTT_ROWS='^ +[0-9]+ '

# --- machine -------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "## bounceview benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "- program: $("$BV" --version 2>/dev/null | head -1), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared; other work skews the figures)"
echo "- build: $(sed -n 's/^CFLAGS = //p' Makefile 2>/dev/null || echo unknown) (CFLAGS of this build tree)"
echo "- command: make bench (BENCH_RUNS=$RUNS BENCH_SIZES=\"$SIZES\" BENCH_MAILDIR=$MDCOUNT BENCH_SEED=$SEED); medians of $RUNS runs, warm page cache"
echo

# --- mailboxes: generated before anything is timed ---------------------------
skip export || for s in $SIZES; do gen_mbox "$s" >/dev/null; done
skip readers || gen_mbox "${SIZES##* }" >/dev/null
skip maildir || gen_maildir "$MDCOUNT" >/dev/null
skip tui || for s in $SIZES; do gen_mbox "$s" >/dev/null; done
skip keys || gen_mbox "${SIZES##* }" >/dev/null
skip peers || gen_mbox "$PEER_SIZE" >/dev/null

# --- export and floor ---------------------------------------------------------------
declare -A MSGS BYTES WALL
if ! skip export; then
	echo "### Export (--export=json to /dev/null) against the floor"
	echo
	echo "| mailbox | messages | MB | records | wall s | best s | cpu s | msg/s | MB/s | peak RSS MB | grep -c s | scan s | x grep | x scan | µs/msg |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	declare -A RECS
	for s in $SIZES; do
		f=$(gen_mbox "$s")
		warm "$f"
		BYTES[$s]=$(stat -c %s "$f")
		MSGS[$s]=$("$FLOORSCAN" "$f")
		RECS[$s]=$("$BV" --export=json "$f" 2>/dev/null | wc -l)
		rm -f "$tmp/grep.$s" "$tmp/scan.$s" "$tmp/export.$s"
	done
	# a mailbox of a few messages: what a run costs whatever its size
	tiny=$tmp/tiny.mbox
	"$BVGEN" --mbox "$tiny" --size 8K --seed "$SEED" 2>/dev/null || exit 2
	TINY=$("$FLOORSCAN" "$tiny")
	# The sizes take turns, run after run: the machine's speed drifts by
	# 10-15 % within minutes, and measuring each size's runs together
	# put that drift into the linearity figure.
	for ((i = 0; i < RUNS; i++)); do
		for s in $SIZES; do
			f=$(gen_mbox "$s")
			timeone grep.$s grep -c '^From ' "$f"
			timeone scan.$s "$FLOORSCAN" "$f"
			timeone export.$s "$BV" --export=json "$f"
		done
		timeone export.tiny "$BV" --export=json "$tiny"
	done
	for s in $SIZES; do
		msgs=${MSGS[$s]}; bytes=${BYTES[$s]}
		w=$(wall export.$s); g=$(wall grep.$s); sc=$(wall scan.$s)
		WALL[$s]=$w
		echo "| ${s} MB mbox | $msgs | $(calc "%.0f" "$bytes / 1048576") | ${RECS[$s]} | $(calc "%.3f" "$w") | $(calc "%.3f" "$(best export.$s)") | $(calc "%.3f" "$(cpu export.$s)") | $(calc "%.0f" "$msgs / $w") | $(calc "%.0f" "$bytes / 1048576 / $w") | $(rss_mb export.$s) | $(calc "%.3f" "$g") | $(calc "%.3f" "$sc") | $(calc "%.1f" "$w / $g") | $(calc "%.1f" "$w / $sc") | $(calc "%.2f" "$w / $msgs * 1e6") |"
	done
	echo
	# per_msg KIND: the lowest and highest per-message cost (µs) over
	# SIZES, into lo and hi
	per_msg() {
		local s t c
		lo=; hi=
		for s in $SIZES; do
			case $1 in
			wall) t=${WALL[$s]} ;;
			cpu) t=$(cpu export.$s) ;;
			*) t=$(wall $1.$s) ;;
			esac
			c=$(calc "%.4f" "$t / ${MSGS[$s]} * 1e6")
			[ -z "$lo" ] && lo=$c && hi=$c
			lo=$(calc "%.4f" "($c < $lo) ? $c : $lo"); hi=$(calc "%.4f" "($c > $hi) ? $c : $hi")
		done
	}
	spread() { calc "%.1f" "($hi - $lo) / $lo * 100"; }
	for kind in wall cpu; do
		per_msg $kind
		echo "Linearity ($kind time): per-message cost from $(calc "%.1f" "$lo") to $(calc "%.1f" "$hi") µs over $SIZES MB, a spread of $(spread) %."
		echo
	done
	# The same runs as a straight line, T = F + c * messages (least
	# squares over the sizes): c is what a message costs, F what a run
	# pays once.  How far each size lies from the line says whether the
	# cost grows linearly; F is what makes small runs dearer per message.
	fit() {
		local s t pts=
		for s in $SIZES; do
			case $1 in
			wall) t=${WALL[$s]} ;;
			cpu) t=$(cpu export.$s) ;;
			*) t=$(wall $1.$s) ;;
			esac
			pts="$pts ${MSGS[$s]} $t"
		done
		echo "$pts" | awk '{
			n = NF / 2
			for (i = 1; i <= n; i++) { x[i] = $(2 * i - 1); y[i] = $(2 * i); sx += x[i]; sy += y[i] }
			mx = sx / n; my = sy / n
			for (i = 1; i <= n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2 }
			c = sxy / sxx; f = my - c * mx
			for (i = 1; i <= n; i++) { d = y[i] - (f + c * x[i]); if (d < 0) d = -d; if (d / y[i] > worst) worst = d / y[i] }
			printf "%.2f µs a message and %.0f ms once a run; every size within %.1f %% of that line", c * 1e6, f * 1e3, worst * 100 }'
	}
	echo "As a straight line over the sizes (least squares): wall $(fit wall); CPU $(fit cpu). A mailbox of $TINY messages takes $(calc "%.0f" "$(wall export.tiny) * 1000") ms wall and $(calc "%.0f" "$(cpu export.tiny) * 1000") ms of CPU."
	echo
	# What F is made of on a virtual machine: each of the three processes
	# pays for every page it touches the first time, however it got it.
	echo "What a page of memory costs a process the first time it touches it (bench/pagecost, µs a 4 KB page, median of 5): $("$PAGECOST")."
	echo
	# The floor's own spread: what the machine does to a program whose
	# work is only proportional to the bytes.
	per_msg grep; floor="\`grep -c\` $(calc "%.2f" "$lo")-$(calc "%.2f" "$hi") µs ($(spread) %)"
	per_msg scan; floor="$floor, the read()+memmem scan $(calc "%.2f" "$lo")-$(calc "%.2f" "$hi") µs ($(spread) %)"
	echo "The floor on the same files, per message: $floor. As straight lines: \`grep -c\` $(fit grep); the scan $(fit scan)."
	echo
	echo "Export's summary on the last run: \`$(tail -1 "$tmp/export.${SIZES##* }.err" 2>/dev/null)\`"
	echo
fi

# --- what the readers without a delivery-status part add ------------------------
if ! skip readers; then
	s=${SIZES##* }
	f=$(gen_mbox "$s")
	warm "$f"
	# Interleaved, so that a change in the machine's load between the
	# two series does not pass for a difference.
	rm -f "$tmp/readers.all" "$tmp/readers.dsn"
	"$BV" --export=json "$f" >/dev/null 2>&1
	"$BVDSNONLY" --export=json "$f" >/dev/null 2>&1
	for ((i = 0; i < RUNS; i++)); do
		"$BVTIME" -o "$tmp/readers.all" -- "$BV" --export=json "$f" \
		    >/dev/null 2>&1
		"$BVTIME" -o "$tmp/readers.dsn" -- "$BVDSNONLY" --export=json \
		    "$f" >/dev/null 2>&1
	done
	# records a reader read (an unreadable message's line has no format)
	all=$("$BV" --export=json "$f" 2>/dev/null | grep -vc '"format":null')
	dsn=$("$BVDSNONLY" --export=json "$f" 2>/dev/null | grep -vc '"format":null')
	wa=$(wall readers.all); wd=$(wall readers.dsn)
	ca=$(cpu readers.all); cd=$(cpu readers.dsn)
	echo "### What the readers add (every reader against the DSN and ARF readers only)"
	echo
	echo "| mailbox | readers | records read | wall s | cpu s |"
	echo "|---|---|---:|---:|---:|"
	echo "| ${s} MB mbox | all | $all | $(calc "%.3f" "$wa") | $(calc "%.3f" "$ca") |"
	echo "| ${s} MB mbox | DSN and ARF only | $dsn | $(calc "%.3f" "$wd") | $(calc "%.3f" "$cd") |"
	echo
	echo "The other readers add $(calc "%.1f" "($wa / $wd - 1) * 100") % wall time and $(calc "%.1f" "($ca / $cd - 1) * 100") % CPU time (medians of $RUNS interleaved runs); they find $((all - dsn)) more records."
	echo
fi

if ! skip maildir; then
	d=$(gen_maildir "$MDCOUNT")
	warm "$d"
	recs=$("$BV" --export=json "$d" 2>/dev/null | wc -l)
	timeit export.md "$BV" --export=json "$d"
	w=$(wall export.md)
	mb=$(du -sm --apparent-size "$d" | cut -f1)
	echo "### Maildir"
	echo
	echo "| mailbox | messages | MB | records | wall s | cpu s | msg/s | peak RSS MB | µs/msg | x mbox µs/msg |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	big=${SIZES##* }
	if [ -n "${WALL[$big]:-}" ]; then
		ratio=$(calc "%.2f" "($w / $MDCOUNT) / (${WALL[$big]} / ${MSGS[$big]})")
	else
		ratio=-
	fi
	echo "| Maildir | $MDCOUNT | $mb | $recs | $(calc "%.3f" "$w") | $(calc "%.3f" "$(cpu export.md)") | $(calc "%.0f" "$MDCOUNT / $w") | $(rss_mb export.md) | $(calc "%.2f" "$w / $MDCOUNT * 1e6") | $ratio |"
	echo
	echo "(x mbox: per-message cost against the ${big} MB mbox.)"
	echo
fi

# --- interface ---------------------------------------------------------------------
have_tmux=0
command -v tmux >/dev/null && have_tmux=1
if ! skip tui; then
	echo "### Interface: first screen and full index (real terminal in tmux, 120x40)"
	echo
	if [ "$have_tmux" = 0 ]; then
		echo "tmux is not installed: skipped."
	else
		echo "| mailbox | first rows s | index complete s | peak RSS MB | largest worker's peak RSS MB |"
		echo "|---|---:|---:|---:|---:|"
		for s in $SIZES; do
			f=$(gen_mbox "$s")
			tui_times tui.$s "$BV --no-color $f" "$BV_ROWS" 3 "$BV_DONE" stream
			echo "| ${s} MB mbox | $(median <"$tmp/tui.$s.first") | $(median <"$tmp/tui.$s.done") | $(maxof "$tmp/tui.$s.rss") | $(maxof "$tmp/tui.$s.wrss") |"
		done
	fi
	echo
fi

# --- key handling over the whole index (test mode) ----------------------------------
# Each step is N repetitions between two screen dumps, divided by N; the
# dump's own cost (two dumps in a row) is shown beside.  The times include
# the redraw after every key, as on a terminal.
if ! skip keys; then
	big=${SIZES##* }
	f=$(gen_mbox "$big")
	ks=$tmp/resp.keys
	steps=()
	rep() { local i out=; for ((i = 0; i < $2; i++)); do out+=" $1"; done; echo "keys$out"; }
	step() { steps+=("$2 $1"); echo dump >>"$ks"; }
	{ echo wait; echo dump; echo dump; } >"$ks"
	rep j 500 >>"$ks"; step "move down (j)" 500
	rep "<PgDn>" 200 >>"$ks"; step "page down" 200
	rep "G g" 100 >>"$ks"; step "jump last/first (G, g)" 200
	rep t 300 >>"$ks"; step "tag and move (t)" 300
	rep "b" 50 >>"$ks"; step "next blocklist failure (b)" 50
	{ echo "keys /"; echo "type no-such-text-anywhere"; echo "keys <Enter>"; } >>"$ks"; step "search, no match: all records" 1
	{ echo "keys /"; echo "type spamcop"; echo "keys <Enter>"; } >>"$ks"; step "search, first match" 1
	rep n 20 >>"$ks"; step "search next (n)" 20
	{ echo "keys l"; echo "type @dnsbl"; echo "keys <Enter>"; } >>"$ks"; step "limit @dnsbl" 1
	{ echo "keys l"; echo "type all"; echo "keys <Enter>"; } >>"$ks"; step "limit all (back to everything)" 1
	{ echo "keys l"; echo "type ~s invoice | @hard"; echo "keys <Enter>"; } >>"$ks"; step "limit ~s invoice | @hard" 1
	{ echo "keys l"; echo "type all"; echo "keys <Enter>"; } >>"$ks"; step "limit all" 1
	for k in 1 2 3 4 5 6; do echo "keys o" >>"$ks"; step "sort (o) #$k" 1; done
	echo "keys O" >>"$ks"; step "sort reverse (O)" 1
	echo "keys Q" >>"$ks"
	for ((i = 0; i < RUNS; i++)); do
		"$BVTIME" -m '--- end' -o "$tmp/keys.$i" -O "$tmp/screens.$i" -- \
		    "$BV" --test-screen=120x40 --keys="$ks" "$f" 2>/dev/null
	done
	nmarks=$(grep -c '^mark=' "$tmp/keys.0")
	echo "### Interface: key handling with every record of the ${big} MB mbox loaded (test mode, 120x40)"
	echo
	if [ "$nmarks" -ne $((${#steps[@]} + 2)) ]; then
		echo "The test mode printed $nmarks screens instead of $((${#steps[@]} + 2)): skipped."
	else
		echo "| action | repetitions | ms each |"
		echo "|---|---:|---:|"
		for ((i = 0; i < RUNS; i++)); do
			grep '^mark=' "$tmp/keys.$i" | cut -d= -f2 >"$tmp/marks.$i"
		done
		dumpcost=$(for ((i = 0; i < RUNS; i++)); do sed -n 1,2p "$tmp/marks.$i" | paste -sd' ' | awk '{ print $2 - $1 }'; done | median)
		for ((k = 0; k < ${#steps[@]}; k++)); do
			n=${steps[$k]%% *}; name=${steps[$k]#* }
			# a sort step is named by the order the screen then shows
			if [[ $name == "sort (o)"* ]]; then
				name=$(grep -o 'sort:[^ ]*' "$tmp/screens.0" | sed -n "$((k + 3))p" | cut -d: -f2)
				case $name in
				rec*) name=recipient;; rem*) name="remote host";;
				dom*) name=domain;; rea*) name=reason;;
				sta*) name=status;; dat*) name=date;;
				esac
				name="sort (o) by $name"
			fi
			ms=$(for ((i = 0; i < RUNS; i++)); do
				sed -n "$((k + 2)),$((k + 3))p" "$tmp/marks.$i" | paste -sd' ' |
				    awk -v n="$n" '{ print ($2 - $1) / n * 1000 }'
			done | median)
			echo "| ${name//|/\\|} | $n | $(calc "%.2f" "$ms") |"
		done
		echo
		echo "(Each step's time includes one screen dump, $(calc "%.2f" "$dumpcost * 1000") ms by itself.)"
	fi
	echo
fi

# --- peers ----------------------------------------------------------------------------
if ! skip peers; then
	f=$(gen_mbox "$PEER_SIZE")
	warm "$f"
	msgs=$("$FLOORSCAN" "$f")
	echo "### Peers: opening the same ${PEER_SIZE} MB mbox ($msgs messages) read-only in tmux"
	echo
	if [ "$have_tmux" = 0 ]; then
		echo "tmux is not installed: skipped."
	else
		cat >"$tmp/muttrc" <<-EOF
		set read_inc=0
		set write_inc=0
		set time_inc=0
		set sleep_time=0
		set folder=$tmp
		set spoolfile="$f"
		set record=""
		set postponed=""
		set header_cache=""
		set check_mbox_size=no
		set mark_old=no
		set beep=no
		EOF
		echo "| program | index shown s | index complete s | peak RSS MB |"
		echo "|---|---:|---:|---:|"
		if [[ " $PEERS " == *" bounceview "* ]]; then
			tui_times peer.bv "$BV --no-color $f" "$BV_ROWS" 3 "$BV_DONE" stream
			echo "| bounceview | $(median <"$tmp/peer.bv.first") | $(median <"$tmp/peer.bv.done") | $(maxof "$tmp/peer.bv.rss") + $(maxof "$tmp/peer.bv.wrss") per worker |"
		fi
		for m in $PEERS; do
			[ "$m" = bounceview ] && continue
			if ! command -v $m >/dev/null; then
				echo "| $m | not installed | |"
				continue
			fi
			tui_times peer.$m "$m -n -F $tmp/muttrc -R -f $f" "$MUTT_ROWS" 3 "" screen
			echo "| $m ($($m -v 2>/dev/null | head -1 | cut -c1-30)) | $(median <"$tmp/peer.$m.first") | (same) | $(maxof "$tmp/peer.$m.rss") |"
		done
		echo
		echo "mutt and neomutt read the whole mbox before they show the index; bounceview shows its first rows while it goes on loading."
	fi
	echo
fi
