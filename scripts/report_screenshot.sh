#!/usr/bin/env bash
# Render the HTML report of the annotated sample in a real browser (headless Chromium) and keep
# a picture of it: screenshots/report.png, shown in the README.
# Needs (Debian): chromium. Run as root to have it installed: INSTALL=1 scripts/report_screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${INSTALL:-0}" = 1 ]; then
  apt-get install -y -qq chromium fonts-noto-core >/dev/null
fi

OUT=$(mktemp -d)
cargo run -q -- export resources/samples/harbour-strike.ron --format html -o "$OUT/report.html" --force
# No network: the report makes no request, and this proves it renders without one.
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1800 \
  --proxy-server=127.0.0.1:9 --user-data-dir="$OUT/profile" \
  --screenshot="$OUT/report.png" "file://$OUT/report.html" >/dev/null 2>&1
cp "$OUT/report.png" screenshots/report.png
echo screenshots/report.png
