#!/usr/bin/env bash
# Regenerate the PNGs in screenshots/ from the real app, in a virtual X display.
# Needs (Debian): xvfb xdotool imagemagick, and scripts/system-packages.sh's list (Vulkan, fonts)
# Run as root to have them installed: INSTALL=1 scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${INSTALL:-0}" = 1 ]; then
  scripts/system-packages.sh
  apt-get install -y -qq xvfb xdotool imagemagick >/dev/null
fi

cargo build -q
cargo run -q --example demo_session -- resources/samples/harbour-strike.ron

DISP=:97
export DISPLAY=$DISP
Xvfb $DISP -screen 0 1400x900x24 -noreset >/dev/null 2>&1 &
XVFB=$!
APP=
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
sleep 2

# A fresh home so that no preferences or recent files of the person running this leak in.
HOME_DIR=$(mktemp -d)
run_app() {
  HOME=$HOME_DIR XDG_DATA_HOME=$HOME_DIR/data XDG_CONFIG_HOME=$HOME_DIR/config DOSSIER_ANALYST= \
    XDG_RUNTIME_DIR=$(mktemp -d) ./target/debug/dossier "$@" >/dev/null 2>&1 &
  APP=$!
  sleep 6
  local win
  win=$(xdotool search --name Dossier | head -1)
  xdotool windowfocus --sync "$win" 2>/dev/null || true
  sleep 0.5
}
shot() {
  sleep 1
  import -window root "screenshots/$1.png"
  echo "screenshots/$1.png"
}
stop_app() {
  kill "$APP" 2>/dev/null || true
  wait "$APP" 2>/dev/null || true
  APP=
}

mkdir -p screenshots
run_app
shot start
# Help ▸ About, from the command palette: version, licence, links, every notice.
xdotool key ctrl+shift+p
sleep 0.5
xdotool type --delay 60 "about"
xdotool key Return
sleep 1
shot about
stop_app

# An Arabic article read right to left, its names annotated (imported from a brat .ann).
ARABIC=$(mktemp -d)
./target/debug/dossier import-brat tests/data/scripts/arabic.txt tests/data/scripts/arabic.ann \
  -o "$ARABIC/arabic.ron" >/dev/null
run_app "$ARABIC/arabic.ron"
shot arabic
stop_app

# The world map (Ctrl+Shift+W) of a news article with real places, in the Explore layout: the
# strike at its airport, the places to pin beside the map.
NEWS=$(mktemp -d)
./target/debug/dossier import-brat tests/data/cold-news/01-airport-strike.txt \
  tests/data/cold-news/01-airport-strike.ann -o "$NEWS/airport-strike.ron" >/dev/null
run_app "$NEWS/airport-strike.ron"
xdotool key alt+2
sleep 1
xdotool key ctrl+shift+w
shot world-map
stop_app

run_app resources/samples/harbour-strike.ron
shot annotated
# The timeline (Ctrl+9): the dated strike on its day, the undated accusation below.
xdotool key ctrl+9
sleep 1
shot timeline
xdotool key ctrl+3
# The Explore layout (Alt+2 or Ctrl+Shift+M): the map large, the text beside it.
xdotool key alt+2
sleep 2
shot map
xdotool key alt+1
# File ▸ Article details: what the page said about itself, correctable.
xdotool key ctrl+i
shot details
xdotool key ctrl+i
# The command palette: every command by name, with its shortcut.
xdotool key ctrl+shift+p
sleep 0.5
xdotool type --delay 60 "export"
shot palette
# The dark theme, run from the palette.
xdotool key ctrl+a
xdotool type --delay 60 "dark"
xdotool key Return
sleep 1
xdotool mousemove 700 450
shot dark
stop_app

# Suggestions: dashed outlines in the text, the first one in focus for the review keys, the
# Suggestions view grouped by string with count and source (the Review layout).
run_app resources/samples/harbour-strike.ron
xdotool key alt+3
sleep 1
xdotool mousemove 560 300 click 1
sleep 0.5
xdotool key Tab
shot suggestions
stop_app

# Curation: a second analyst's session of the sample (examples/second_analyst) compared with it
# (--compare); differences underlined by kind, the second in focus, all of them listed.
B_SESSION=$(mktemp -d)/analyst-b.ron
cargo run -q --example second_analyst -- resources/samples/harbour-strike.ron "$B_SESSION" >/dev/null
run_app resources/samples/harbour-strike.ron --compare "$B_SESSION"
# Open the list of all differences (its header under the buttons), then step to the second.
xdotool mousemove 70 147 click 1
sleep 0.5
xdotool key F8
xdotool mousemove 700 650
shot curate
stop_app

EVENT_SESSION=$(mktemp -d)/strike-event.ron
cargo run -q --example demo_session -- "$EVENT_SESSION" event
run_app "$EVENT_SESSION"
shot event
# Click a word and extend the selection to show a pending selection in the palette's context.
xdotool key F1
shot shortcuts
xdotool key Escape
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 50 "Ostrava"
shot find
stop_app

# A long article: the seeded 1 MB synthetic session (26,829 mentions), find hits and the map of
# its 1,500 most mentioned entities seen from far.
BIG_SESSION=$(mktemp -d)/big.ron
cargo run -q --release --example synth_session -- 1m "$BIG_SESSION" >/dev/null
run_app "$BIG_SESSION"
sleep 12
xdotool key ctrl+f
sleep 0.5
xdotool type --delay 50 "Thursday"
shot big
stop_app

# A project of three articles (examples/demo_project): the article list, an entity's registry
# link, the project map of registry entries and every article's events by date.
PROJECT_DIR=$(mktemp -d)/crisis
cargo run -q --example demo_project -- "$PROJECT_DIR" >/dev/null
run_app "$PROJECT_DIR"
xdotool key ctrl+7
sleep 3
xdotool key ctrl+8
shot project
# Each named layout in the project (View ▸ Layout, Alt+1 … Alt+5).
for n in 1 2 3 4 5; do
  name=(annotate explore review project curate)
  xdotool key "alt+$n"
  sleep 2
  shot "layout-${name[$((n - 1))]}"
done
xdotool key alt+1
stop_app

# The same project in a smaller window (1280×720): the text still reads ten words a line.
kill "$XVFB" 2>/dev/null || true
Xvfb $DISP -screen 0 1280x720x24 -noreset >/dev/null 2>&1 &
XVFB=$!
sleep 2
run_app "$PROJECT_DIR"
xdotool windowsize "$(xdotool search --name Dossier | head -1)" 1280 720
sleep 2
shot layout-annotate-1280x720
stop_app
