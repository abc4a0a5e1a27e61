#!/usr/bin/env bash
# brat round trips on documents nobody here wrote: every .ann under brat's own example data
# (github.com/nlplab/brat, example-data/), taken through import → save → load → export and
# compared as brat reads them (examples/brat_roundtrip). Prints each document that does not come
# back exactly, with what it lost, and "N of M documents strict".
#   scripts/brat-public.sh            clone brat (shallow) into target/brat-public and use it
#   scripts/brat-public.sh FOLDER...  use folders of .txt/.ann/annotation.conf already here
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -eq 0 ]]; then
  dir=target/brat-public
  if [[ ! -d $dir/example-data ]]; then
    git clone --depth 1 https://github.com/nlplab/brat "$dir"
  fi
  set -- "$dir/example-data"
fi
cargo run --quiet --release --example brat_roundtrip -- "$@"
