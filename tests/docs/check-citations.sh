#!/bin/sh
# Every section (§N, §N.N), row (O1, R12, Q9), appendix part (A.3) and evidence tag ([D], [O]...)
# that a file of the tree cites next to dlls/d3dkmt/windows.md must be defined there, and no
# file may point outside the repository for its sources (the project's notes it began from).
# Usage: tests/docs/check-citations.sh [SRCDIR]
cd "${1:-$(dirname "$0")/../..}" || exit 2
doc=dlls/d3dkmt/windows.md
[ -f "$doc" ] || { echo "no $doc"; exit 1; }
defined=$(mktemp) cited=$(mktemp)
trap 'rm -f "$defined" "$cited"' EXIT
sources() { grep -rl --include='*.c' --include='*.h' --include='*.md' --include='*.sh' --include='*.in' "$@" \
                dlls include tests tools README.md 2>/dev/null | grep -v "^tests/docs/"; }

# definitions: headings "## 2." / "### 5.8" / "### A.3", first cells of table rows "| O27 |"
{ sed -n 's/^##* \([0-9][0-9]*\(\.[0-9][0-9]*\)\?\)\.\? .*/§\1/p' $doc
  sed -n 's/^### \(A\.[0-9]\) .*/\1/p' $doc
  sed -n 's/^| \([ORQ][0-9][0-9]*\) |.*/\1/p' $doc
  sed -n 's/^| \(\[[A-Z]\]\) |.*/\1/p' $doc; } | sort -u > "$defined"
files=$(sources "windows\.md" | grep -v "^$doc$")
for f in $files; do
    grep -o "§[0-9][0-9]*\(\.[0-9][0-9]*\)\?\|\b[ORQ][0-9][0-9]\?\b\|\bA\.[0-9]\b\|\[[DOILHWU]\]\|\[[DOILHWU]/[DOILHWU]\]" "$f" |
        sed 's|\[\([A-Z]\)/\([A-Z]\)\]|[\1]\n[\2]|' | sed "s|^|$f: |"
done | sort -u > "$cited"
missing=0
while read -r f ref; do
    grep -qxF -- "$ref" "$defined" || { echo "not in $doc: $ref (cited in ${f%:})"; missing=$((missing + 1)); }
done < "$cited"
outside=$(sources 'semantics\.md\|DESIGN\.md\|shared/research\|\.\./shared/')
for f in $outside; do echo "cites a document outside the repository: $f"; done
echo "$(echo $files | wc -w) files cite $doc: $(cut -d' ' -f2 "$cited" | sort -u | wc -l) citations, $missing not defined;" \
     "$(echo $outside | wc -w) files cite outside the repository"
[ "$missing" -eq 0 ] && [ -z "$outside" ]
