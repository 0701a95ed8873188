#!/usr/bin/env bash
# Packs IncidentSdk, IncidentSdk.Testing and the incident tool the way a release would (from a clone whose origin
# is the public repository, so Source Link has URLs to write), checks what the packages hold, installs the tool
# from the fresh package into a temporary tool path and runs it offline, then builds and runs new net8.0 and
# net10.0 apps against the packages (scripts/check-consumers.sh). Needs unzip.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/src"
git -C "$work/src" remote set-url origin https://github.com/IncidentSdk/IncidentSdk

# The same script users run to build a local feed (README, "Build and use the packages locally").
bash "$work/src/scripts/pack-local.sh" "$work/packages" -warnaserror -p:ContinuousIntegrationBuild=true
ls -1 "$work/packages"

fail() { echo "package check failed: $*" >&2; exit 1; }
check_package() { # check_package ID: README, license, repository, XML docs per target, symbols with Source Link
  local id=$1 dir="$work/unpacked/$1"
  mkdir -p "$dir" "$dir.symbols"
  unzip -q "$work/packages/$id.0.1.0.nupkg" -d "$dir"
  unzip -q "$work/packages/$id.0.1.0.snupkg" -d "$dir.symbols"
  [ -f "$dir/README.md" ] || fail "$id has no README.md"
  grep -q '<license type="expression">MIT</license>' "$dir/$id.nuspec" || fail "$id has no MIT license expression"
  grep -q '<repository type="git" url="https://github.com/IncidentSdk/IncidentSdk"' "$dir/$id.nuspec" || fail "$id has no repository metadata"
  for dll in "$dir"/lib/*/"$id.dll"; do
    [ -f "${dll%.dll}.xml" ] || fail "$id has no XML docs beside $dll"
  done
  for pdb in "$dir.symbols"/lib/*/"$id.pdb"; do
    grep -aq 'raw.githubusercontent.com/IncidentSdk/IncidentSdk' "$pdb" || fail "$pdb has no Source Link"
  done
  echo "$id: README, license, repository, XML docs and Source Link symbols present"
}
check_package IncidentSdk
check_package IncidentSdk.Testing

# The package README is the repository README: it must open with the quick start an app needs.
grep -q 'dotnet add package IncidentSdk' "$work/unpacked/IncidentSdk/README.md" || fail "the package README lacks the install line"

dotnet tool install --tool-path "$work/tool" --add-source "$work/packages" IncidentSdk.Cli --version 0.1.0
"$work/tool/incident" --help
"$work/tool/incident" coc accept IM202403221515060171753781 7da46971b7e24eed90cf777cc2ff8b91 --offline --json
"$work/tool/incident" zabbix ack 20427 20428 -m "seen by the packaged tool" --offline

# Brand-new net8.0 and net10.0 apps from this feed, made as a user would; the net8.0 one must get no .NET 9+
# Microsoft.Extensions.*, System.Diagnostics.DiagnosticSource or System.Text.Json.
bash "$work/src/scripts/check-consumers.sh" "$work/packages"
