#!/usr/bin/env bash
# The package-consumer test: packs every library under src/ into a local folder, copies the
# consumer test projects (tests/Consumers: one each for xunit.v3, NUnit and MSTest) to a temporary
# folder outside the repository, and runs them as a user would: plain PackageReferences, restored
# from the local folder next to the machine's usual NuGet source, into a throwaway package cache
# (so a stale cached package of the same version is never used). Each project starts a redis
# fixture talked to with StackExchange.Redis, replays a committed cassette and uses a
# ScriptedRunner. Prints dotnet test's summary line per project ("Passed!  - Failed: N, Passed: N,
# Skipped: N, ..."), and a line of that form for a project that did not build; exits non-zero on
# any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
consumers="$work/consumers"
export NUGET_PACKAGES="$work/packages"

failed_line() { # $1: what failed; the form .ci/run sums
  echo "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1, Duration: 0 ms - $1"
}
fail() { echo "consumer-tests: $*" >&2; failed_line "$*"; exit 1; }

echo "=== packing the libraries under src/ into $feed"
# One pack of a solution filter that holds exactly the projects under src/: one parallel build.
projects=$(find src -name '*.csproj' | sort | sed 's/.*/"&"/' | paste -sd, -)
echo "{ \"solution\": { \"path\": \"$PWD/ProcessKit.Testing.sln\", \"projects\": [ $projects ] } }" >"$work/libraries.slnf"
dotnet pack "$work/libraries.slnf" -c Release -o "$feed" -v quiet -nologo || fail "dotnet pack of src/ failed"
ls "$feed"

# The version the consumers reference is the one the packages were given (read, never assumed).
version=$(cd "$feed" && ls ProcessKit.Testing.XunitV3.*.nupkg 2>/dev/null | sed -E 's/^ProcessKit\.Testing\.XunitV3\.(.*)\.nupkg$/\1/')
[ -n "$version" ] || fail "no ProcessKit.Testing.XunitV3 package in $feed"
echo "version: $version"

echo "=== copying tests/Consumers to $consumers"
mkdir -p "$consumers"
for project in tests/Consumers/*/; do
  name=$(basename "$project")
  mkdir "$consumers/$name"
  (cd "$project" && tar cf - --exclude=./bin --exclude=./obj .) | (cd "$consumers/$name" && tar xf -)
  sed "s/\$(ProcessKitVersion)/$version/" "$project$name.csproj" >"$consumers/$name/$name.csproj"
done
# The local folder is added to the sources the machine already has: no <clear/>, so the usual
# source (nuget.org, or the mirror a machine is configured with) still serves everything else.
cat >"$consumers/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="processkit-local" value="$feed" />
  </packageSources>
</configuration>
EOF

status=0
for project in "$consumers"/*/; do
  name=$(basename "$project")
  echo "=== dotnet test $name"
  log="$work/$name.log"
  dotnet test "$project$name.csproj" -c Release 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # A project that did not build or crashed prints no summary: count it as one failure.
  grep -qE '(Passed|Failed)! +- Failed: +[0-9]+' "$log" || { failed_line "$name did not run"; status=1; }
done
exit "$status"
