#!/usr/bin/env bash
# Runs every command on a scratch copy of the bundled sample workspace with two
# chiso binaries and compares standard output, standard error, exit status and
# the files written, byte for byte. For refactors that must not change what
# users see:
#
#   git stash; cargo build --release; cp target/release/chiso /tmp/chiso-before; git stash pop
#   cargo build --release; scripts/same-output.sh /tmp/chiso-before target/release/chiso
set -euo pipefail
before="$(realpath "$1")"
after="$(realpath "$2")"
# Usage lines name the binary: both are run under the name chiso.
bins="$(mktemp -d)"
mkdir "$bins/before" "$bins/after"
cp "$before" "$bins/before/chiso"
cp "$after" "$bins/after/chiso"
before="$bins/before/chiso"
after="$bins/after/chiso"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$bins"' EXIT

# One command per line; `{}` is the run's own scratch folder (outside the workspace).
commands=$(cat <<'EOF'
check 2023
check 2024
check 2025
check 2024 --format json
check 2025 --unit STP
check 2025 --unit NOPE
check 1999
score 2023
score 2024
score 2025
score 2024 --format json
score 2024 --format csv
score 2024 --format md
score 2024 --block so
score 2024 --block nope
--lang en score 2024
score 2024 -o {}/ket-qua.json
score 2024 -o {}/ket-qua.pdf
score 2024 --format csv -o {}/ket-qua.json
show 2024 SNV
show 2025 STP
--lang en show 2024 SNV
show 2024 NOPE
explain 2024 SNV 3.4.2
explain 2024 SNV 1
explain 2024 SNV 9.9.9
explain 2025 SDTTG 10.5
template 2024 SNV
template 2024 NOPE
template 2024 SNV -o {}/mau.toml
notify 2024 SNV --round 1
notify 2024 SNV --round 2 --format html
notify 2024 SNV --round 0
review 2024
review 2024 SNV --format md
review 2024 --format json
test 2023
test 2024
test 2025 --format json
diff 2023 2024
diff 2023 2024 --format md
diff 2023 2024 --format json
history
history SNV
history --from 2024 --to 2025 --format json
history --from 1990 --to 1991
export 2024 --format md
export 2024 --format csv
export 2024 -o {}/ket-qua.html
export 2024 -o {}/ket-qua.xlsx
verify 2024
lock 2024
lock 2024
verify 2024
lock 2025
lock 2025 --force --reason thu
verify 2025
import mot-cua 2025 {repo}/docs/examples/mot-cua-2025.csv --dry-run
import khao-sat 2025 {repo}/docs/examples/khao-sat-2025.csv --dry-run
import bao-cao 2025 {repo}/docs/examples/bao-cao-2025.csv --dry-run
import mot-cua 2025 {}/none.csv
new-year 2025 2026
new-year 2025 2026
check 2026
key new -o {}/key.pem
EOF
)

run_all() {
  local bin="$1" out="$2"
  mkdir -p "$out/ws" "$out/scratch"
  cp -r "$repo/criteria" "$repo/scores" "$out/ws/"
  local i=0
  while IFS= read -r line; do
    i=$((i + 1))
    line="${line//\{repo\}/$repo}"
    line="${line//\{\}/$out/scratch}"
    # shellcheck disable=SC2086
    (cd "$out/ws" && "$bin" --root . $line >"$out/$i.out" 2>"$out/$i.err"; echo "$?" >"$out/$i.code") || true
    # The scratch folder's name, times and a new key differ between the two runs.
    sed -i -E -e "s#$out#RUN#g" -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(Z|[+-][0-9:]+)?/TIME/g' \
      -e 's/"[0-9a-f]{64}"/"KEY"/g' "$out/$i.out" "$out/$i.err"
  done <<<"$commands"
  # A workbook's creation time is in docProps/core.xml: its sheets are compared.
  find "$out/scratch" -name '*.xlsx' | while read -r f; do
    python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if n != "docProps/core.xml":
        sys.stdout.buffer.write(n.encode() + b"\n" + z.read(n))' "$f" >"$f.content"
    rm "$f"
  done
  # Locks and keys carry the time and random bytes: compared by their presence only.
  find "$out/ws" "$out/scratch" -name 'results.lock.toml' -o -name '*.pem' |
    while read -r f; do echo "present" >"$f"; done
}

run_all "$before" "$work/before"
run_all "$after" "$work/after"
if diff -r "$work/before" "$work/after" >"$work/diff"; then
  echo "same output: $(wc -l <<<"$commands") commands, stdout, stderr, exit status and files"
else
  head -100 "$work/diff"
  exit 1
fi
