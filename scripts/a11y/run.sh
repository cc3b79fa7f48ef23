#!/usr/bin/env bash
# Builds every example and audits every page with axe-core in headless Chromium.
# Installs what it needs (Debian's chromium, the npm packages) when missing.
# Usage: scripts/a11y/run.sh   (from anywhere; needs root or sudo for apt-get)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bin="$repo/target/release/welfare-plan"
(cd "$repo" && cargo build --release --quiet)
dirs=()
for example in "$repo"/examples/*/; do
  name="$(basename "$example")"
  "$bin" build "$example" --out "$out/$name" --quiet
  dirs+=("$out/$name")
done
# The English rendering of the demo, too.
cp -r "$repo/examples/demo" "$out/demo-en-src"
rm -rf "$out/demo-en-src/build"
sed -i 's/^language = "it"/language = "en"/' "$out/demo-en-src/plan.toml"
"$bin" build "$out/demo-en-src" --out "$out/demo-en" --quiet
dirs+=("$out/demo-en")
node "$here/check.mjs" "${dirs[@]}"
