#!/usr/bin/env bash
# Builds every example, validates every page with the Nu Html Checker (valid
# HTML5) and audits it with axe-core in headless Chromium (WCAG 2.1 A/AA).
# Installs what it needs (Debian's chromium and a Java runtime, the npm
# packages) when missing.
# Usage: scripts/a11y/run.sh   (from anywhere; needs root or sudo for apt-get)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bin="$repo/target/release/welfare-plan"
(cd "$repo" && cargo build --release --quiet)
dirs=()
for example in "$repo"/examples/*/; do
  [ -f "$example/plan.toml" ] || continue  # examples/ci holds CI recipes
  name="$(basename "$example")"
  "$bin" build "$example" --out "$out/$name" --quiet
  dirs+=("$out/$name")
done
# The test plans that stress the templates: hostile input, headings everywhere.
for fixture in "$repo"/tests/fixtures/build/*/; do
  name="fixture-$(basename "$fixture")"
  "$bin" build "$fixture" --out "$out/$name" --quiet
  dirs+=("$out/$name")
done
# The English rendering of the demo, too.
cp -r "$repo/examples/demo" "$out/demo-en-src"
rm -rf "$out/demo-en-src/build"
sed -i 's/^language = "it"/language = "en"/' "$out/demo-en-src/plan.toml"
"$bin" build "$out/demo-en-src" --out "$out/demo-en" --quiet
dirs+=("$out/demo-en")
# compare's page, over the examples and its test region (one plan broken).
"$bin" compare "$repo"/examples/demo "$repo"/examples/parma-2012 "$repo"/tests/fixtures/compare \
  --out "$out/compare" --quiet || true
pages=("$out/compare/index.html")
for d in "${dirs[@]}"; do
  pages+=("$d/index.html")
  while IFS= read -r -d '' f; do pages+=("$f"); done < <(find "$d/html" -name '*.html' -print0 | sort -z)
done
echo "Nu Html Checker: ${#pages[@]} pages"
java -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --format gnu "${pages[@]}"
node "$here/check.mjs" "${dirs[@]}" "$out/compare/index.html"
