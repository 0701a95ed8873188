#!/usr/bin/env bash
# Checks the packages in a local feed (scripts/pack-local.sh) the way a new user gets them: in a temporary folder,
# outside the repository (so none of its build settings apply), it creates brand-new console apps for net8.0 and
# net10.0, points them at the feed plus nuget.org (net8.0 with the README's commands, net10.0 with the
# nuget.config the pack script writes into the feed), adds IncidentSdk and IncidentSdk.Testing, builds with warnings as errors and runs
# scripts/consumer/Program.cs (both clients against the fakes, dependency injection from configuration).
# For net8.0 it fails when any Microsoft.Extensions.*, System.Diagnostics.DiagnosticSource or System.Text.Json
# package resolves at 9.x or later: a .NET 8 app must stay on the 8.0 packages.
#
#   scripts/check-consumers.sh [FEED_DIR]      (FEED_DIR defaults to artifacts/feed in the repository)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
feed=$(cd "${1:-$repo/artifacts/feed}" && pwd)
version=$(dotnet msbuild "$repo/src/IncidentSdk/IncidentSdk.csproj" -getProperty:Version)
[ -f "$feed/IncidentSdk.$version.nupkg" ] || { echo "no IncidentSdk.$version.nupkg in $feed: run scripts/pack-local.sh first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "consumer check failed: $*" >&2; exit 1; }
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')

for tfm in net8.0 net10.0; do
  echo "== a new $tfm app with IncidentSdk $version from $feed"
  app="$work/Consumer-$tfm"
  mkdir -p "$app"
  cd "$app"
  # The .NET 10 SDK's template offers only net10.0: a net8.0 app is that project with its TargetFramework
  # changed (what `dotnet new console` of the .NET 8 SDK writes, apart from the version number).
  dotnet new console -n Consumer -o . >/dev/null
  sed -i "s|<TargetFramework>[^<]*</TargetFramework>|<TargetFramework>$tfm</TargetFramework>|" Consumer.csproj
  grep -q "<TargetFramework>$tfm</TargetFramework>" Consumer.csproj || fail "could not set $tfm in Consumer.csproj"
  if [ "$tfm" = net8.0 ]; then
    dotnet new nugetconfig >/dev/null
    dotnet nuget add source "$feed" -n incidentsdk-local
  else
    # The nuget.config scripts/pack-local.sh writes into the feed, as the README tells an app to copy it.
    cp "$feed/nuget.config" nuget.config
  fi
  dotnet add package IncidentSdk --version "$version"
  dotnet add package IncidentSdk.Testing --version "$version"
  cp "$repo/scripts/consumer/Program.cs" Program.cs
  dotnet build -warnaserror -nologo -v quiet

  # The app must have restored this feed's package, not one NuGet kept from an earlier pack of the same version.
  cmp -s "$feed/IncidentSdk.$version.nupkg" "$cache/incidentsdk/$version/incidentsdk.$version.nupkg" \
    || fail "$tfm restored a cached IncidentSdk $version that is not the one in $feed (scripts/pack-local.sh removes it)"

  dotnet list package --include-transitive > packages.txt
  # "   > Name   [requested]   resolved": the name and the resolved version of every package in the graph.
  awk '$1 == ">" { print $2, $NF }' packages.txt | sort > resolved.txt
  echo "$(wc -l < resolved.txt) packages resolved; the runtime ones IncidentSdk brings:"
  grep -E '^(IncidentSdk|Microsoft\.Extensions\.|System\.Diagnostics\.DiagnosticSource |System\.Text\.Json |System\.Threading\.RateLimiting |Polly)' resolved.txt | sed 's/^/  /'
  grep -q "^IncidentSdk $version\$" resolved.txt || fail "$tfm: IncidentSdk $version is not in the graph"
  if [ "$tfm" = net8.0 ]; then
    grep -qE '^Microsoft\.Extensions\.Http 8\.0\.' resolved.txt || fail "net8.0: Microsoft.Extensions.Http is not an 8.0.x version"
    too_new=$(grep -E '^(Microsoft\.Extensions\.[^ ]+|System\.Diagnostics\.DiagnosticSource|System\.Text\.Json|System\.Threading\.RateLimiting) ([9]|[1-9][0-9])\.' resolved.txt || true)
    [ -z "$too_new" ] || fail "net8.0 app resolves .NET 9+ packages:
$too_new"
    echo "net8.0: no Microsoft.Extensions.*, System.Diagnostics.DiagnosticSource, System.Text.Json or System.Threading.RateLimiting at 9.x or later"
  fi

  if [ "$tfm" = net8.0 ] && ! dotnet --list-runtimes | grep -q '^Microsoft\.NETCore\.App 8\.'; then
    # Only the .NET 10 runtime is installed here: run the net8.0 app on it (roll forward to the next major
    # version), with the 8.0 Microsoft.Extensions.* assemblies it resolved beside it.
    echo "no .NET 8 runtime installed: running the net8.0 app with DOTNET_ROLL_FORWARD=Major"
    DOTNET_ROLL_FORWARD=Major dotnet run --no-build
  else
    dotnet run --no-build
  fi
done
echo "consumer check: net8.0 and net10.0 apps built and ran from $feed"
