#!/usr/bin/env bash
# Browser test of the review page: installs what it needs when missing
# (Debian's chromium and chromium-driver, which always match, and a font
# with Chinese characters for the screenshot), builds the release binary and
# runs review_page.py. Screenshots go to target/review-screenshot*.png.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; }; then
  missing+=(fonts-wqy-microhei)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
chromium --version 2>/dev/null | head -n 1 || true
chromedriver --version | head -n 1

cargo build --release --locked --quiet
python3 tests/browser/review_page.py --binary target/release/dejargon "$@"
