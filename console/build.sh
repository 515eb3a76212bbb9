#!/usr/bin/env bash
# Builds the console into <out-dir> (the CLI's target/classes/console, from cli/pom.xml), only when
# console/src or the lockfile is newer than the last build. Needs Node.js; installs the npm packages
# (npm ci) if they are missing. Without Node.js the CLI is built without a console and says so.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
stamp="$out.built"
if [ -f "$stamp" ] && [ -z "$(find "$root/console/src" "$root/console/build.mjs" "$root/package-lock.json" -newer "$stamp" -type f 2>/dev/null | head -n 1)" ]; then
  exit 0
fi
if ! command -v node >/dev/null 2>&1; then
  echo "warning: Node.js not found: the console is not built into the CLI (ork serve answers / with a note; the API works)" >&2
  exit 0
fi
if [ ! -f "$root/node_modules/esbuild/package.json" ] || [ ! -d "$root/node_modules/@dagrejs/dagre" ]; then
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
node "$root/console/build.mjs" "$out"
touch "$stamp"
