#!/usr/bin/env bash
# The one command behind BENCHMARKS.md: installs the peers if missing
# (Debian's hugo, mdBook from crates.io), builds welfare-plan and, for
# comparison, the revision before the speed work, then runs the benchmark
# (1x, 3x, 10x) and writes BENCHMARKS.md, then adds the compare benchmark.
#
#   benches/run.sh                 # everything, about ten minutes on 2 cores
#   BASELINE_REV= benches/run.sh   # without the older revision
#   benches/run.sh --sizes 1,3     # arguments go to the benchmark
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hugo >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq hugo >/dev/null
fi
if ! command -v mdbook >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/mdbook" ]; then
  cargo install mdbook --locked --quiet
fi

cargo build --release --quiet

# The last commit before the speed work (issue 11), measured alongside.
BASELINE_REV="${BASELINE_REV-abdbba3}"
baseline_args=()
if [ -n "$BASELINE_REV" ]; then
  base_dir="$(mktemp -d)"
  trap 'git worktree remove --force "$base_dir" >/dev/null 2>&1 || true; rm -rf "$base_dir"' EXIT
  git worktree add --detach --quiet "$base_dir" "$BASELINE_REV"
  CARGO_TARGET_DIR="$base_dir/target" cargo build --release --quiet --manifest-path "$base_dir/Cargo.toml"
  baseline_args=(--baseline "$base_dir/target/release/welfare-plan")
fi

cargo bench --bench large_plan -- "${baseline_args[@]}" --write BENCHMARKS.md "$@"
# compare over 100, 300 and 600 generated district plans against as many
# separate checks: its section is added to BENCHMARKS.md.
cargo bench --bench compare -- --write BENCHMARKS.md
