#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium (driven by the playwright Python
# package, which ships its own driver) and CJK fonts so Chinese pages render in screenshots.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=""; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
/usr/bin/chromium --version
