#!/usr/bin/env bash
# Packs IncidentSdk, IncidentSdk.Testing and the IncidentSdk.Cli tool (Release) into a folder that NuGet can use as
# a package source, and prints how to use it from an app. Nothing is published anywhere.
#
#   scripts/pack-local.sh [FEED_DIR] [dotnet pack options...]
#
# FEED_DIR defaults to artifacts/feed in the repository (git-ignored). Options after FEED_DIR go to every
# `dotnet pack` (.ci/packages.sh passes -warnaserror -p:ContinuousIntegrationBuild=true).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
feed=${1:-$repo/artifacts/feed}
[ $# -gt 0 ] && shift
mkdir -p "$feed"
feed=$(cd "$feed" && pwd)

version=$(dotnet msbuild "$repo/src/IncidentSdk/IncidentSdk.csproj" -getProperty:Version)
for project in src/IncidentSdk src/IncidentSdk.Testing src/IncidentSdk.Cli; do
  dotnet pack "$repo/$project" -c Release -o "$feed" "$@"
done

# NuGet extracts a package version once per machine (the global packages folder) and never looks at a source
# again for that version: drop the copies of an earlier pack of the same version, so apps restore this one.
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
for id in incidentsdk incidentsdk.testing incidentsdk.cli; do
  if [ -d "$cache/$id/$version" ]; then
    rm -rf "${cache:?}/$id/$version"
    echo "Removed the cached $id $version from $cache so that restores take the new package."
  fi
done

# A nuget.config an app can copy: IncidentSdk* from this folder only, everything else from nuget.org.
cat > "$feed/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
    <add key="incidentsdk-local" value="$feed" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
    <packageSource key="incidentsdk-local">
      <package pattern="IncidentSdk*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF

cat <<EOF

Packed version $version into $feed:
$(cd "$feed" && ls -1 ./*."$version".nupkg | sed 's|^\./|  |')

Use it from an app (in the app's folder):
  dotnet new nugetconfig
  dotnet nuget add source $feed -n incidentsdk-local
  dotnet add package IncidentSdk --version $version
  dotnet add package IncidentSdk.Testing --version $version   # test projects

or copy $feed/nuget.config beside the app (IncidentSdk* from the folder only, everything else from nuget.org):
$(cat "$feed/nuget.config")

The incident command:
  dotnet tool install -g IncidentSdk.Cli --add-source $feed --version $version
EOF
