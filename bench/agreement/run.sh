#!/usr/bin/env bash
# Time Krippendorff's alpha in Go (analysis/agreement) and in vectorised
# numpy (compare.py) on the same reliability data: 100,000 units x 3
# coders, a code applied or not, 5% of values missing. Both time the alpha
# alone, the data already in memory; both print the alpha, which must be
# the same.
#
#   bash bench/agreement/run.sh            # from anywhere in the repository
#
# Needs Go and Debian's numpy, scikit-learn and statsmodels:
#   apt-get install -y python3-sklearn python3-statsmodels
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
py=/usr/bin/python3
[ -x "$py" ] || py=python3

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "== checking the statistics against scikit-learn, statsmodels and numpy"
go test ./bench/agreement -run '^TestAgainstPython$' -count=1
go test ./bench/agreement -run '^TestExportBenchData$' -count=1 -export "$dir" >/dev/null
echo "== Go: nominal alpha, 100,000 units x 3 coders"
go test ./bench/agreement -run '^$' -bench 'BenchmarkAlpha100kx3' -benchtime 50x -count=1 | grep -E '^Benchmark'
echo "== numpy"
"$py" bench/agreement/compare.py --time "$dir/agreement-100k.csv" 50
