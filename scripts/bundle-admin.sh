#!/usr/bin/env bash
# Bundles the admin's front-end (admin/src) into one script with esbuild, from the packages
# that scripts/install-deps.sh installed with `npm ci` (nothing is downloaded here).
# Usage: scripts/bundle-admin.sh OUT.js     (the build runs it; see admin/CMakeLists.txt)
set -euo pipefail
admin="$(cd "$(dirname "$0")/../admin" && pwd)"
out="$1"
esbuild="$admin/node_modules/.bin/esbuild"
if [ ! -x "$esbuild" ] || [ ! -d "$admin/node_modules/@tiptap/core" ]; then
  echo "admin/node_modules is missing: run scripts/install-deps.sh (it runs npm ci in admin/)" >&2
  exit 1
fi
"$esbuild" "$admin/src/editor.js" --bundle --minify --format=iife --target=es2020 \
  --log-level=warning --outfile="$out.tmp"
mv "$out.tmp" "$out"
