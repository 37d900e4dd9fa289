#!/usr/bin/env bash
# Runs the Windows tests (tests/ProcessKit.Windows.Tests: the native spawner and the Job Object
# backend) under Wine on this Linux machine: installs wine64 if it is missing (apt-get, as root),
# publishes the test project for win-x64 (self-contained, invariant globalization), runs it with
# a fresh WINEPREFIX, and ends with one line: "N passed, N failed, N skipped". Exits non-zero on
# any failure. What passes here is verified under Wine, not on a real Windows machine.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WINE=/usr/lib/wine/wine64
fail() { echo "windows-tests: $*" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

if [ ! -x "$WINE" ]; then
  echo "=== installing wine64"
  [ "$(id -u)" -eq 0 ] || fail "wine64 is missing and installing it needs root (apt-get install wine64)"
  apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 >/dev/null || fail "apt-get install wine64 failed"
fi
"$WINE" --version

work=$(mktemp -d)
# Cleanup kills the prefix's wineserver and then, by its WINEPREFIX, every Wine process of this run
# still alive: when the runtime under Wine crashed mid-run, `wineserver -k` left test helpers
# running (their job's kill-on-close never fired), re-parented to pid 1.
cleanup() {
  WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null
  for environ in /proc/[0-9]*/environ; do
    if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qxF "WINEPREFIX=$work/prefix"; then
      pid=${environ#/proc/}; kill -9 "${pid%/environ}" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

echo "=== publishing tests/ProcessKit.Windows.Tests for win-x64"
dotnet publish tests/ProcessKit.Windows.Tests/ProcessKit.Windows.Tests.csproj -c Release -r win-x64 --self-contained \
  -p:InvariantGlobalization=true -o "$work/publish" -v quiet -nologo || fail "publish for win-x64 failed"

echo "=== running under Wine"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all
# .NET maps JIT code twice (write-xor-execute); under Wine 8 on this machine's kernel the runtime
# then dies freeing a dynamic method's code ("Internal CLR error" in DestroyScout.Finalize) before
# the first test, on every commit. With W^X off the runtime keeps one mapping and all tests run.
export DOTNET_EnableWriteXorExecute=0
log="$work/run.log"
# xunit's console runner: -noColor keeps the summary parseable; -parallel none keeps the
# timing-sensitive tests (suspension, limits) away from each other's load.
timeout 1200 "$WINE" "$work/publish/ProcessKit.Windows.Tests.exe" -noColor -parallel none 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The runner's summary: "=== TEST EXECUTION SUMMARY ===" then
# "   ProcessKit.Windows.Tests  Total: 60, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0, Time: 12.3s"
summary=$(grep -E 'Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+' "$log" | tail -n 1)
if [ -z "$summary" ]; then
  fail "no test summary from the run (exit code $status)"
fi
total=$(sed -E 's/.*Total: ([0-9]+).*/\1/' <<<"$summary")
errors=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$summary")
failed=$(sed -E 's/.*Failed: ([0-9]+).*/\1/' <<<"$summary")
skipped=$(sed -E 's/.*Skipped: ([0-9]+).*/\1/' <<<"$summary")
failed=$((failed + errors))
passed=$((total - failed - skipped))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner itself broke: never report green
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
