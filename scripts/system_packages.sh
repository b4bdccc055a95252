#!/usr/bin/env bash
# Make sure the Debian packages Digit Lab needs are installed.
#
#   scripts/system_packages.sh optional PACKAGE...   warn and go on when one cannot be installed
#   scripts/system_packages.sh required PACKAGE...   fail when one cannot be installed
#
# A package counts as present when its command is on PATH (espeak-ng, chromium),
# so a machine that got them another way (Homebrew, a distro's own name) is fine.
# Where the command and the package are named differently, write COMMAND=PACKAGE
# (tesseract=tesseract-ocr).
# Missing ones are installed with apt-get when we are root (or have password-less
# sudo); otherwise we print the command to run.
set -euo pipefail

mode=${1:?usage: $0 optional|required PACKAGE...}
shift

missing=()
for entry in "$@"; do
  command -v "${entry%%=*}" >/dev/null 2>&1 || missing+=("${entry#*=}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ ${#as_root[@]} -gt 0 ]; }; then
  echo "Installing Debian packages: ${missing[*]}"
  if "${as_root[@]}" apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "apt-get could not install: ${missing[*]}" >&2
fi

{
  echo "Missing system packages: ${missing[*]}."
  echo "Install them with: sudo apt-get install ${missing[*]}   (macOS: brew install ${missing[*]})"
} >&2
if [ "$mode" = optional ]; then
  echo "Going on without them: what needs them is left out (the app's reading aloud, the benchmark's Tesseract column)." >&2
  exit 0
fi
exit 1
