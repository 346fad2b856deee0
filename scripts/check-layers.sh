#!/usr/bin/env bash
# Checks that every #include "folder/..." in src/ respects the layer table of
# docs/architecture.md: a folder may include only itself and the folders below it.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed_for() {
  case "$1" in
    cli) echo "cli http services render media translate storage storage/sqlite storage/postgres text model" ;;
    http) echo "http services render model" ;;
    services) echo "services storage media translate text model" ;;
    render) echo "render text model" ;;
    storage/sqlite) echo "storage/sqlite storage text model" ;;
    storage/postgres) echo "storage/postgres storage text model" ;;
    storage) echo "storage text model" ;;
    translate) echo "translate text model" ;;
    media) echo "media model" ;;
    text) echo "text model" ;;
    model) echo "model" ;;
    *) echo "" ;;
  esac
}

status=0
while IFS= read -r file; do
  rel=${file#src/}
  folder=$(dirname "$rel")
  allowed=$(allowed_for "$folder")
  if [ -z "$allowed" ]; then
    echo "layers: $file is in a folder the layer table does not know: $folder" >&2
    status=1
    continue
  fi
  while IFS= read -r inc; do
    target=$(dirname "$inc")
    ok=0
    for a in $allowed; do
      [ "$target" = "$a" ] && ok=1 && break
    done
    if [ $ok -eq 0 ]; then
      echo "layers: $file includes \"$inc\": $folder may not depend on $target" >&2
      status=1
    fi
  done < <(grep -oE '^#include "[^"]+"' "$file" | sed -E 's/#include "([^"]+)"/\1/')
done < <(find src -name '*.h' -o -name '*.cc' | sort)

if [ $status -eq 0 ]; then
  echo "layers: every include follows the layer table"
fi
exit $status
