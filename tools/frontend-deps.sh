#!/usr/bin/env bash
# The web app's Node packages: `npm ci` from the committed lockfile, skipped while
# node_modules was installed from a lockfile with the same hash (node_modules/.lock-hash).
set -euo pipefail
cd "$(dirname "$0")/../frontend"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "The web app needs Node.js 20+ and npm: install them (Debian: apt-get install -y nodejs npm)." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "The web app needs Node.js 20 or newer (found $(node --version))." >&2
  exit 1
fi
if grep -q 'registry\.npmjs\|"resolved": "http' package-lock.json; then
  echo "frontend/package-lock.json names a registry host; regenerate it with omit-lockfile-registry-resolved=true." >&2
  exit 1
fi
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.lock-hash ] && [ "$(cat node_modules/.lock-hash)" = "$hash" ]; then
  touch node_modules/.lock-hash
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$hash" > node_modules/.lock-hash
