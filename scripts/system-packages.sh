#!/usr/bin/env bash
# The Debian and Ubuntu packages that building, running and testing Dossier need, in one list
# that the README's set-up and CI (.ci/run) both use; tests/notices.rs checks that the README
# shows this very line.
#   scripts/system-packages.sh          install them (as root, or through sudo)
#   scripts/system-packages.sh --list   print them
#
# build-essential, pkg-config and the -dev packages: compiling and linking the window (winit's
#   X11 and Wayland clients, xkbcommon for the keyboard);
# libvulkan1, mesa-vulkan-drivers: drawing with Vulkan, in software (lavapipe) where no GPU
#   driver is installed, which the image snapshot tests (tests/snapshots.rs) render with;
# fonts-dejavu-core, fonts-droid-fallback: the installed fonts for Arabic, Persian and Hebrew,
#   and for Chinese, Japanese and Korean (tests/ui_scripts.rs and the script snapshots use them);
# zenity: the file dialogs where no desktop portal runs;
# strace: tests/crash_safety.rs checks that a save syncs around its rename;
# git: tests/git_merge.rs runs two clones of a project through the merge driver.
set -euo pipefail
PACKAGES=(
  build-essential pkg-config libxkbcommon-dev libwayland-dev libx11-dev libxcursor-dev
  libxrandr-dev libxi-dev libvulkan1 mesa-vulkan-drivers fonts-dejavu-core
  fonts-droid-fallback zenity strace git
)
if [[ "${1:-}" == "--list" ]]; then
  echo "${PACKAGES[*]}"
  exit 0
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
echo "installed: ${PACKAGES[*]}"
