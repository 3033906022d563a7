#!/bin/sh
# Renders `chiso export <year> --format html` to a PNG with headless Chromium, to look at
# the page as it prints on A4 (1240×1754 px is A4 at 150 dpi). Not part of CI.
#   scripts/render-html.sh <year> [out.png] [extra chiso args, e.g. --lang en]
# Needs: chromium (apt-get install -y chromium) and a built chiso (cargo build).
set -eu
year=${1:?usage: scripts/render-html.sh <year> [out.png] [chiso args]}
out=${2:-chiso-$year.png}
[ $# -ge 2 ] && shift 2 || shift $#
here=$(cd "$(dirname "$0")/.." && pwd)
chiso=${CHISO:-$here/target/debug/chiso}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$chiso" --root "$here" "$@" export "$year" --format html --output "$work/page.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run \
  --user-data-dir="$work/profile" --screenshot="$out" --window-size=1240,1754 \
  "file://$work/page.html" 2>/dev/null
echo "$out"
