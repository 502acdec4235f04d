#!/usr/bin/env bash
# System packages the tests need, installed when missing (as root with apt-get), or a failure
# that says exactly how to get them. Each line: a file that proves the package is there, and
# the Debian package that provides it.
set -euo pipefail
NEEDED=(
  "/usr/share/doc/postgresql-doc-15/html/index.html postgresql-doc-15"  # labelled real pages
  "/usr/share/doc/python3.11-doc/html/index.html python3.11-doc"  # real pages of another kind
  "/usr/bin/chromium chromium"  # the web app's end-to-end test drives it (playwright-core)
  "/usr/sbin/nginx nginx"  # the deployment tests run deploy/nginx.conf (tests/deploy)
  "/usr/bin/redis-server redis-server"  # the deployment test stops and restarts its own Redis
)
missing=()
for entry in "${NEEDED[@]}"; do
  read -r path package <<<"$entry"
  [ -e "$path" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  exit 0
fi
echo "The tests need these Debian packages: ${missing[*]}" >&2
echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
