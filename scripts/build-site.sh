#!/usr/bin/env bash
# Writes each policy's accepted (proposed) and rejected (original) Markdown into the output folder.
# Built into a temporary folder and swapped in, so an interrupted build leaves the old output intact.
set -euo pipefail
policy=$1 src=$2 out=$3
tmp=$(mktemp -d "${out%/}.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for file in "$src"/*/*.md; do
  slug=$(basename "$(dirname "$file")")
  name=$(basename "$file" .md)
  mkdir -p "$tmp/$slug"
  "$policy" accept "$file" -o "$tmp/$slug/$name.accepted.md"
  "$policy" reject "$file" -o "$tmp/$slug/$name.rejected.md"
  "$policy" changes "$file" -o "$tmp/$slug/$name.changes.txt"
done
chmod -R a+rX "$tmp"
if [ -d "$out" ]; then
  old=$(mktemp -d "${out%/}.old.XXXXXX")
  rmdir "$old"
  mv "$out" "$old"
  mv "$tmp" "$out"
  rm -rf "$old"
else
  mv "$tmp" "$out"
fi
trap - EXIT
echo "Wrote $(find "$out" -type f | wc -l) files to $out/"
