#!/usr/bin/env bash
# Runs the benchmark suite in Release. ./run.sh for the whole set (about 5 minutes on 2 cores), ./run.sh --quick
# for one iteration of each (CI runs that to prove the benchmarks build and execute; it asserts nothing about time).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec dotnet run -c Release --project tests/IncidentSdk.Benchmarks -- "$@"
