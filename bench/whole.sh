#!/usr/bin/env bash
# Whole-process comparison of fieldwork with pandas, as a user waits for
# them (issue 15). Builds the large project THROUGH THE CLI (200 focus-group
# transcripts by `import`, 2,000 participants, 1,000,000 codings by
# `codings import`), then times each operation against its pandas
# counterpart reading the same .fwp with read_sql (or the same input file),
# the two alternating in one run, and prints the median wall time of each,
# the ratio fieldwork/pandas, and the peak memory (max RSS) of each.
#
#   bash bench/whole.sh [FIELDWORK_BINARY]     # from the repository root
#
# FIELDWORK_BINARY (default: built from this tree) is the binary timed; the
# project is always built with this tree's, so that an older binary can be
# timed on the same file. RUNS (default 3) counted runs of each, after one
# warm-up. Needs Go, GNU time (/usr/bin/time) and Debian's python3-pandas.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-3}
# The first python3 that has pandas (Debian's python3-pandas, or a pyenv one).
py=
for c in /usr/bin/python3 python3; do
	if "$c" -c 'import pandas' 2>/dev/null; then py=$c; break; fi
done
[ -n "$py" ] || { echo "bench/whole.sh: no python3 with pandas (apt-get install -y python3-pandas)" >&2; exit 2; }
dir=${BENCH_DIR:-$(mktemp -d)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/tx"

go build -o "$dir/fieldwork" ./cmd/fieldwork
fw=${1:-$dir/fieldwork}
echo "== $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); timing $fw"

if [ ! -f "$dir/large.fwp" ]; then
	echo "== building the large project through the CLI in $dir"
	"$py" bench/whole_data.py transcripts "$dir/tx"
	"$py" bench/whole_data.py survey "$dir/survey.csv"
	"$dir/fieldwork" init "$dir/empty.fwp" >/dev/null
	cp "$dir/empty.fwp" "$dir/large.fwp"
	cities=(Calgary Montreal Ottawa Toronto Vancouver)
	for i in 0 1 2 3 4; do
		files=()
		for s in $(seq $((i * 40 + 1)) $((i * 40 + 40))); do files+=("$dir/tx/fg-$(printf %03d "$s").txt"); done
		"$dir/fieldwork" import "$dir/large.fwp" --city "${cities[$i]}" --language en "${files[@]}" >/dev/null
	done
	"$py" bench/whole_data.py codings "$dir/large.fwp" "$dir/codings.csv"
	start=$(date +%s.%N)
	"$dir/fieldwork" codings import "$dir/large.fwp" "$dir/codings.csv" --add-codes | cut -c1-60
	echo "   codings import: $(echo "$(date +%s.%N) - $start" | bc) s"
	cp "$dir/empty.fwp" "$dir/survey.fwp"
	"$dir/fieldwork" survey import "$dir/survey.fwp" "$dir/survey.csv" >/dev/null
	# As it is right after the imports: no screened output has stored the
	# named-entity scans of its sources yet.
	cp "$dir/large.fwp" "$dir/large-cold.fwp"
fi
p=$dir/large.fwp

# one CMD...: runs it once under GNU time, appending "wall maxrss_kb" to $out.
one() {
	/usr/bin/time -f "%e %M" -o "$dir/t" "$@" >/dev/null 2>"$dir/err" || { echo "failed: $*" >&2; cat "$dir/err" >&2; exit 1; }
	cat "$dir/t" >>"$out"
}

# vs NAME 'FIELDWORK COMMAND' 'PANDAS COMMAND': warm-up, then A B A B ...
vs() {
	local name=$1 a=$2 b=$3
	out=/dev/null; one sh -c "$a"; one sh -c "$b"
	: >"$dir/a"; : >"$dir/b"
	for _ in $(seq "$runs"); do
		out=$dir/a; one sh -c "$a"
		out=$dir/b; one sh -c "$b"
	done
	"$py" - "$name" "$dir/a" "$dir/b" <<'PY'
import statistics, sys
name, a, b = sys.argv[1], *[[tuple(map(float, l.split())) for l in open(f) if l.strip()] for f in sys.argv[2:]]
ratio = statistics.median(x[0] / y[0] for x, y in zip(a, b))
med = lambda r, i: statistics.median(x[i] for x in r)
print(f"| {name:<28} | {med(a, 0):7.2f} s | {med(b, 0):7.2f} s | {ratio:5.2f}x | {med(a, 1) / 1024:6.0f} MB | {med(b, 1) / 1024:6.0f} MB |")
PY
}

pw="$py $root/bench/pandas_whole.py"
echo "== $runs runs each after a warm-up, alternating; medians; ratio = fieldwork / pandas (below 1: fieldwork faster)"
echo "| operation                    | fieldwork |    pandas | ratio | fw peak   | pd peak   |"
echo "|------------------------------|-----------|-----------|-------|-----------|-----------|"
vs "table matrix --by city" "$fw table $p matrix --by city" "$pw matrix $p"
vs "table needs" "$fw table $p needs" "$pw needs $p"
vs "table frequencies" "$fw table $p frequencies" "$pw frequencies $p"
vs "report --format html" "$fw report $p --format html --out $dir/r.html" "$pw report $p"
# The first screened output after an import scans every source for names
# (and stores the scans); the copy is part of both commands' time.
vs "report, first after import" "cp $dir/large-cold.fwp $dir/c.fwp; $fw report $dir/c.fwp --format html --out $dir/c.html" "cp $dir/large-cold.fwp $dir/c2.fwp; $pw report $dir/c2.fwp"
vs "import 21 MB transcript" "rm -f $dir/i.fwp; cp $dir/empty.fwp $dir/i.fwp; $fw import $dir/i.fwp $dir/tx/big.txt" "$pw split $dir/tx/big.txt"
vs "survey import 100,000 x 60" "rm -f $dir/s.fwp; cp $dir/empty.fwp $dir/s.fwp; $fw survey import $dir/s.fwp $dir/survey.csv" "$pw survey $dir/survey.csv"
vs "survey summary --by q02" "$fw survey summary $dir/survey.fwp --by q02" "$pw summary $dir/survey.fwp q02"
