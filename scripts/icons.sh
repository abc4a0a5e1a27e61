#!/usr/bin/env bash
# Render the icon (resources/icons/dossier.svg) to the PNG sizes a desktop and the window use,
# into resources/icons/hicolor/<n>x<n>/apps/dossier.png. Needs rsvg-convert (librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
for n in 16 24 32 48 64 128 256 512; do
  dir=resources/icons/hicolor/${n}x${n}/apps
  mkdir -p "$dir"
  rsvg-convert -w "$n" -h "$n" resources/icons/dossier.svg -o "$dir/dossier.png"
done
echo "icons: $(ls resources/icons/hicolor | tr '\n' ' ')"
