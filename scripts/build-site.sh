#!/usr/bin/env bash
# Writes each policy's editions into the output folder: the clean, redline and original views as
# HTML pages and plain text, the clean and original Markdown, and the list of changes.
# Built into a temporary folder and swapped in, so an interrupted build leaves the old output intact.
set -euo pipefail
policy=$1 src=$2 out=$3
tmp=$(mktemp -d "${out%/}.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for file in "$src"/*/*.md; do
  slug=$(basename "$(dirname "$file")")
  name=$(basename "$file" .md)
  mkdir -p "$tmp/$slug"
  for view in clean redline original; do
    "$policy" render "$file" --view "$view" --format html -o "$tmp/$slug/$name.$view.html"
    "$policy" render "$file" --view "$view" --format text -o "$tmp/$slug/$name.$view.txt"
  done
  "$policy" render "$file" --view clean --format markdown -o "$tmp/$slug/$name.clean.md"
  "$policy" render "$file" --view original --format markdown -o "$tmp/$slug/$name.original.md"
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
