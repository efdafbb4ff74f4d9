#!/usr/bin/env bash
# Runs every Fuzz* target of the repository (or of the packages given as
# arguments, e.g. .ci/fuzz.sh ./coding/...) for FUZZTIME each (default 5s),
# beyond its seed corpus. Fails when a target finds a crasher; Go writes the
# input to the package's testdata/fuzz/<Target>/, where it must be committed
# with the fix so that `go test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-5s}
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./...)

# `go test -list` prints each package's matching names, then one line
# "ok <package> <time>" (or "? <package> [no test files]").
targets=()
names=()
while IFS= read -r line; do
	case "$line" in
	Fuzz*) names+=("$line") ;;
	ok*)
		pkg=$(awk '{print $2}' <<<"$line")
		for n in "${names[@]+"${names[@]}"}"; do
			targets+=("$pkg $n")
		done
		names=()
		;;
	"?"*) names=() ;;
	esac
done < <(go test -list '^Fuzz' "${pkgs[@]}")

if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no Fuzz targets in ${pkgs[*]}" >&2
	exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
flaked=()
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "== fuzz $pkg $name ($fuzztime)"
	if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
		# The progress lines say nothing about why it failed.
		grep -v '^fuzz: elapsed' "$log" || true
		# Go 1.26's fuzz coordinator can report the end of -fuzztime itself
		# as "context deadline exceeded" and fail with no input found
		# (go.dev/issue/75804, fixed in Go 1.27). A real failure writes its
		# input ("Failing input written to ..."): only that fails the run.
		if grep -q 'Failing input written to' "$log" || ! grep -q 'context deadline exceeded' "$log"; then
			failed+=("$pkg $name")
		else
			echo "fuzz: $name stopped on Go's fuzztime race (go.dev/issue/75804), no failing input: not a crasher"
			flaked+=("$pkg $name")
		fi
	else
		tail -n 3 "$log"
	fi
done
if [ ${#flaked[@]} -gt 0 ]; then
	echo "fuzz: ${#flaked[@]} target(s) hit Go's fuzztime race with no failing input:"
	printf '  %s\n' "${flaked[@]}"
fi

if [ ${#failed[@]} -gt 0 ]; then
	echo
	echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed:"
	printf '  %s\n' "${failed[@]}"
	echo "Fix the code, and commit the crashers the failures name (testdata/fuzz/<Target>/) as seeds."
	exit 1
fi
echo "fuzz: ${#targets[@]} targets ran $fuzztime each, no crasher"
