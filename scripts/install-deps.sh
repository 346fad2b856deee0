#!/usr/bin/env bash
# Installs the Debian 12 packages Gazette needs to build, test, run and benchmark.
# Idempotent: installs only what is missing, so a second run costs about a second.
# Usage: scripts/install-deps.sh [build|test|bench|all]   (default: all)
set -euo pipefail

want="${1:-all}"

build_pkgs=(
  build-essential cmake pkg-config ccache git
  libboost1.81-dev libboost-system1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libsqlitecpp-dev
  libkainjow-mustache-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgumbo-dev
  libvips-dev libmagic-dev libsodium-dev libicu-dev libstemmer-dev libxxhash-dev
  libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev libtcmalloc-minimal4
  zlib1g-dev libbrotli-dev libpugixml-dev libcurl4-openssl-dev
  apertium apertium-fr-es apertium-eng-spa apertium-fra-cat apertium-apy python3-tornado
  libpqxx-dev
  nodejs npm
)
test_pkgs=(libgtest-dev libgmock-dev libxml2-utils chromium curl postgresql-15 nginx-light)
bench_pkgs=(libbenchmark-dev wrk nginx-light bc procps python3)

pkgs=("${build_pkgs[@]}")
case "$want" in
  build) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  all) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  # node and npm may come from outside Debian's packages on some machines: a working binary is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Run as root (or install them with apt-get) and try again." >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The admin's front-end packages (TipTap, esbuild), exactly as admin/package-lock.json says;
# again only when the lockfile changed since the last install.
admin="$(cd "$(dirname "$0")/../admin" && pwd)"
stamp="$admin/node_modules/.installed-lock.json"
if ! cmp -s "$admin/package-lock.json" "$stamp" 2>/dev/null; then
  echo "Installing the admin's npm packages (npm ci in admin/)"
  (cd "$admin" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$admin/package-lock.json" "$stamp"
fi
