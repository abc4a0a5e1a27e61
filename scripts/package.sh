#!/usr/bin/env bash
# The Debian package, built and tried as an analyst would meet it: built with cargo-deb from the
# `dist` profile (`cargo install --locked cargo-deb` once), checked (its desktop entry with
# desktop-file-validate), installed with dpkg -i (as root), then started from the installed
# desktop entry's Exec line on the Arabic example under Xvfb; a screenshot of that window goes
# to target/package-check.png. Needs, besides scripts/system-packages.sh's list:
# desktop-file-utils, xvfb, imagemagick (for the screenshot). Prints what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
cargo deb --locked --profile dist
deb=$(ls -t target/debian/dossier_*.deb | head -1)
built=$(date +%s)
echo "package: $deb, $(du -k "$deb" | cut -f1) KB, built in $((built - start)) s"
dpkg-deb --info "$deb" | sed -n 's/^ \(Depends\|Recommends\|Installed-Size\):/  \1:/p'
dpkg-deb --contents "$deb" | awk '{print "  " $6}' | grep -v '/$'

# Installed as the analyst would: dpkg -i, then apt for any dependency still missing.
dpkg -i "$deb" || apt-get install -f -y -qq
dpkg -s dossier | sed -n 's/^Status: /  status: /p'
desktop-file-validate /usr/share/applications/dossier.desktop
echo "  desktop entry valid; icons: $(ls /usr/share/icons/hicolor/*/apps/dossier.* | wc -l) files"
echo "  $(/usr/bin/dossier --version | head -1); binary $(stat -c %s /usr/bin/dossier) bytes"
/usr/bin/dossier licenses | grep -q "GeoNames" && echo "  dossier licenses: GeoNames' attribution present"

# Start it from the menu entry: as a desktop's menu does, through the entry (gtk-launch, from
# libgtk-3-bin, when there), else by running its Exec line; %f is the Arabic example.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/dossier.desktop)
example=/usr/share/doc/dossier/examples/arabic.txt
own_x=""
if [[ -z "${DISPLAY:-}" ]]; then
  Xvfb :96 -screen 0 1400x900x24 -noreset >/dev/null 2>&1 &
  own_x=$!
  export DISPLAY=:96
  sleep 1
fi
log=$(mktemp)
export DOSSIER_STARTUP_TIME=1 HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
if command -v gtk-launch >/dev/null; then
  how="gtk-launch dossier $example"
  gtk-launch dossier "$example" 2>"$log"
else
  how=${exec_line//%f/$example}
  # shellcheck disable=SC2086 # the Exec line is words, as a desktop would split it
  ${exec_line//%f/$example} 2>"$log" &
fi
pid=""
for _ in $(seq 100); do
  pid=$(pgrep -n -x dossier || true)
  [[ -n "$pid" ]] && break
  sleep 0.1
done
[[ -n "$pid" ]] || { echo "dossier did not start from its desktop entry"; cat "$log"; exit 1; }
sleep 4
import -window root target/package-check.png
echo "  started from the desktop entry ($how): process $pid, command line: $(tr '\0' ' ' < /proc/$pid/cmdline)"
kill "$pid" 2>/dev/null || true
[[ -n "$own_x" ]] && kill "$own_x"
echo "  screenshot: target/package-check.png"
