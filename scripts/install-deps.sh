#!/usr/bin/env bash
# Installs the Debian packages Redline needs, only when they are missing.
# Called by `make site` (build packages) and `make test` (`install-deps.sh test`: also the test
# oracles: cmark-gfm's command, html5lib for HTML5 parsing, Chromium, pdftotext for print, and pandoc and
# LibreOffice for Word documents)
# and `make bench` (`install-deps.sh bench`: the peers the benchmark runs side by side).
set -euo pipefail
packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config libxml2 zlib1g-dev)
if [ "${1:-}" = "test" ]; then
  packages+=(cmark-gfm python3 python3-html5lib chromium poppler-utils fonts-dejavu-core pandoc libreoffice-writer-nogui)
fi
if [ "${1:-}" = "bench" ]; then
  packages+=(cmark-gfm pandoc git wdiff dwdiff python3)
fi
need=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} ..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
