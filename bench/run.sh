#!/usr/bin/env bash
# Compare fieldwork's analysis with pandas on the same data: 1,000,000
# codings over 200 sources and 2,000 participants, into the code x city
# matrix and the needs table (counts and ranks).
#
#   bash bench/run.sh            # from the repository root
#
# Needs Go and Debian's python3-pandas (apt-get install -y python3-pandas).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The system Python: Debian's pandas is installed for it.
py=/usr/bin/python3
[ -x "$py" ] || py=python3

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "== exporting the benchmark data to $dir"
go test ./analysis -run '^TestExportBenchData$' -count=1 -export "$dir" >/dev/null
ls -l "$dir" | awk 'NR>1 {printf "   %-20s %10d bytes\n", $9, $5}'

echo "== Go (go test -bench; prepare = overlap join and per-code counts)"
go test ./analysis -run '^$' -bench 'BenchmarkCityMatrixAndNeeds' -benchtime 5x -count=1 | grep -E '^Benchmark'

echo "== pandas"
"$py" bench/pandas_bench.py "$dir" 3
