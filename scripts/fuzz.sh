#!/usr/bin/env bash
# Fuzzes each entry point (or the TARGETs named) with libFuzzer for SECONDS seconds (default 60):
# `scripts/fuzz.sh [SECONDS [TARGET...]]`, run by `make fuzz`, and
# briefly in `make test`. Builds redline-fuzz with AddressSanitizer and libFuzzer into
# .build-fuzz/, seeds each target's corpus from policy-src/ and ../shared/corpus/ once, and keeps
# the corpus between runs. A crash stops the run: its input is in .build-fuzz/crashes/, and
# `redline-fuzz TARGET FILE` replays it; kept in Tests/FuzzRegressions/TARGET/, it becomes a
# regression test. Prints one line per target with its executions, for docs/reliability.md.
# FUZZ_SEED fixes libFuzzer's random seed (make test sets it, so that CI runs repeat).
set -euo pipefail
seconds=${1:-60}
shift || true
targets=${*:-markup resolve diff render site tree docx}
swift=${SWIFT:-swift}
# (The build's own output is long; its errors and its end are kept. A failed build stops here,
# whatever an older fuzzer in .build-fuzz.)
mkdir -p .build-fuzz
if ! $swift build --product redline-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DREDLINE_FUZZING \
     --build-path .build-fuzz > .build-fuzz/build.log 2>&1; then
  grep -E "error:" .build-fuzz/build.log >&2 || tail -20 .build-fuzz/build.log >&2
  echo "fuzz.sh: the fuzzing build failed" >&2
  exit 1
fi
fuzzer=.build-fuzz/debug/redline-fuzz
corpus=.build-fuzz/corpus
mkdir -p .build-fuzz/crashes
shared=../shared/corpus/site-policy/pairs
seed() {  # seed TARGET: the first run's inputs, made in a scratch folder and then moved in whole
  local dir=$corpus/$1.seeding k=0
  [ -d "$corpus/$1" ] && return 0
  rm -rf "$dir"
  mkdir -p "$dir"
  local v1 site meta
  v1=$(ls policy-src/*/v1.md | head -1); site=policy-src/site.yml; meta=$(dirname "$v1")/policy.yml
  case $1 in
    markup|resolve|render)
      cp policy-src/*/*.md "$dir/"
      for f in "$shared"/*/old.md; do [ -f "$f" ] || continue; k=$((k+1)); head -c 6000 "$f" > "$dir/pair-$k.md"; done
      for f in Tests/FuzzRegressions/*/*; do if [ -f "$f" ]; then cp "$f" "$dir/"; fi; done ;;
    diff)
      for d in "$shared"/*/; do [ -f "$d/old.md" ] || continue; k=$((k+1)); { head -c 3000 "$d/old.md"; printf '\0'; head -c 3000 "$d/new.md"; } > "$dir/pair-$k"; done
      { head -c 3000 "$v1"; printf '\0'; head -c 3000 "$v1" | sed 's/shall/must/'; } > "$dir/seed-edit" ;;
    site)
      { cat "$site"; printf '\0'; cat "$meta"; printf '\0'; head -c 4000 "$v1"; } > "$dir/store" ;;
    tree)
      { printf 'site.yml\n'; cat "$site"; printf '\0p/policy.yml\n'; cat "$meta"
        printf '\0p/v1.md\n'; head -c 3000 "$v1"; printf '\0p/link.md\n->/etc/hostname'; } > "$dir/store" ;;
    docx)
      if [ -x .build/debug/policy ]; then .build/debug/policy export "$v1" -o "$dir/seed.docx" >/dev/null 2>&1 || true; fi
      printf 'PK' > "$dir/tiny" ;;
  esac
  mv "$dir" "$corpus/$1"
}
status=0
for target in $targets; do
  seed $target
  log=.build-fuzz/$target.log
  # A Word package needs room: cut at 8 KB, its zip directory is gone and the import never runs.
  maxlen=8192; [ "$target" = docx ] && maxlen=65536
  if REDLINE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$fuzzer" "$corpus/$target" -max_total_time="$seconds" \
       -max_len=$maxlen -timeout=20 ${FUZZ_SEED:+-seed=$FUZZ_SEED} -rss_limit_mb=4096 -artifact_prefix=.build-fuzz/crashes/$target- >"$log" 2>&1; then
    runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo 0)
    echo "fuzz $target: $runs executions in ${seconds}s, no crash (corpus $(ls "$corpus/$target" | wc -l) inputs)"
  else
    echo "fuzz $target: CRASH — see $log; the input is in .build-fuzz/crashes/" >&2
    grep -E "ERROR|Fatal error|SUMMARY" "$log" | head -5 >&2 || true
    status=1
  fi
done
exit $status
