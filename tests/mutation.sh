#!/usr/bin/env bash
# Mutation testing of the decisions the unit tests must pin: retry and circuit, signing, error mapping,
# validation, the request core and bulk. Runs Stryker.NET (a local .NET tool, .config/dotnet-tools.json) with
# tests/IncidentSdk.Tests against the library's net10.0 build, then tests/mutation/Score.cs prints the score per
# file, lists the surviving mutants, and fails when a file or the total is under tests/mutation/thresholds.txt.
# Mutants that cannot change behaviour are listed, with the reason, in tests/mutation/equivalent-mutants.txt.
#
# Usage: tests/mutation.sh [--netstandard] [extra Stryker options]
#   --netstandard  mutate the library's netstandard2.0 build instead (its #else branches), tested by the same
#                  unit tests built with -p:LibraryTargetFramework=netstandard2.0.
# Takes 20-40 minutes on 2 cores, so it is not part of .ci/run; run it before changing the files it mutates.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

framework=net10.0
if [ "${1:-}" = "--netstandard" ]; then
  shift
  framework=netstandard2.0
  # MSBuild reads environment variables as properties: the test project then references that build.
  export LibraryTargetFramework=netstandard2.0
fi

dotnet tool restore >/dev/null
output="$root/artifacts/mutation/$framework"
rm -rf "$output"
mutate=()
while read -r file _; do
  case "$file" in ''|'#'*|TOTAL) continue ;; esac
  mutate+=(--mutate "**/src/IncidentSdk/$file")
done < tests/mutation/thresholds.txt

cd tests/IncidentSdk.Tests
dotnet dotnet-stryker \
  --project IncidentSdk.csproj \
  --target-framework "$framework" \
  --concurrency "$(nproc)" \
  --reporter json --reporter html --reporter progress \
  --output "$output" \
  --skip-version-check \
  "${mutate[@]}" "$@"

cd "$root"
echo
echo "HTML report: $output/reports/mutation-report.html"
dotnet run tests/mutation/Score.cs -- "$output/reports/mutation-report.json" tests/mutation/equivalent-mutants.txt tests/mutation/thresholds.txt
