#!/usr/bin/env bash
# Runs the commands of README.md and docs/*.md as a user would, so the docs stay true.
#
#   bash scripts/check-docs.sh            # from the repository root; JDK 17 and Maven needed
#   bash scripts/check-docs.sh --prebuilt # the same on this checkout's build (its modules'
#                                         # target/ folders), without building the copy again;
#                                         # nn-cli's DocsCommandsIT runs this in `mvn verify`
#
# What runs: every fenced ```bash or ```sh block of README.md and docs/*.md, in document order,
# each as one bash script (set -euo pipefail) in a temporary copy of the repository, after the
# copy has been built with `mvn -B -ntp -DskipTests package`. A block that exits non-zero fails
# the check, with its file and line. Blocks of other languages (java, yaml, plain ``` output)
# are not run. Two markers, an HTML comment on the line right before a block:
#
#   <!-- check-docs: file NAME -->      the next block (any language) is written to NAME in the
#                                       copy, so a config shown in a doc is the one a later
#                                       command trains
#   <!-- check-docs: skip REASON -->    the next block is not run; REASON says why
#
# Within a block, a line that is exactly the build command above is not run a second time (the
# copy is already built by it), and `bash .ci/run` (the whole test suite, `mvn -B -ntp verify`)
# is left to CI, which runs it anyway.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build='mvn -B -ntp -DskipTests package'
work="$(mktemp -d "${TMPDIR:-/tmp}/nn4j-check-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "check-docs: copying the repository to $work"
# the tracked and the untracked-but-not-ignored files, as a fresh clone plus local edits has them;
# outside a git checkout (a source archive), everything but build output
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) \
    | (cd "$root" && xargs -0 cp --parents -t "$work" 2>/dev/null || true)
else
  (cd "$root" && tar --exclude=./.git --exclude='./*/target' -cf - .) | (cd "$work" && tar -xf -)
fi
chmod +x "$work/nn4j"

if [ "${1:-}" = --prebuilt ]; then
  echo "check-docs: using this checkout's build (--prebuilt)"
  for target in "$root"/*/target; do
    [ -d "$target" ] && ln -s "$target" "$work/$(basename "$(dirname "$target")")/target"
  done
  if [ ! -f "$work/nn-cli/target/nn4j.jar" ]; then
    echo "check-docs: nn-cli/target/nn4j.jar is missing; build with: $build" >&2
    exit 1
  fi
else
  echo "check-docs: $build"
  (cd "$work" && $build >"$work/.check-docs-build.log" 2>&1) || {
    tail -50 "$work/.check-docs-build.log"
    echo "check-docs: the build failed" >&2
    exit 1
  }
fi

# Split the docs into blocks: one file per block to run, plus files to write.
blocks="$work/.check-docs-blocks"
mkdir -p "$blocks"
awk -v out="$blocks" '
  FNR == 1 { marker = ""; inblock = 0 }
  !inblock && /^<!-- check-docs: (file|skip) .*-->[[:space:]]*$/ {
    marker = $0; sub(/^<!-- check-docs: /, "", marker); sub(/ *-->[[:space:]]*$/, "", marker)
    next
  }
  !inblock && /^[[:space:]]*```/ {
    lang = $0; sub(/^[[:space:]]*```/, "", lang); sub(/[[:space:]].*$/, "", lang)
    indent = $0; sub(/```.*$/, "", indent)
    inblock = 1; n++
    kind = "ignore"
    if (marker ~ /^file /) { kind = "file"; name = substr(marker, 6) }
    else if (marker ~ /^skip /) { kind = "skip" }
    else if (lang == "bash" || lang == "sh") { kind = "run" }
    file = sprintf("%s/%04d.%s", out, n, kind)
    printf "%s\t%d\t%s\n", FILENAME, FNR, (kind == "file" ? name : marker) > (file ".where")
    printf "" > file
    marker = ""
    next
  }
  inblock && /^[[:space:]]*```[[:space:]]*$/ { inblock = 0; close(file); next }
  inblock { line = $0; if (index(line, indent) == 1) line = substr(line, length(indent) + 1); print line >> file; next }
  { if ($0 !~ /^[[:space:]]*$/) marker = "" }
' "$work/README.md" "$work"/docs/*.md

failed=0
ran=0
for block in "$blocks"/*; do
  case "$block" in *.where) continue ;; esac
  IFS=$'\t' read -r doc line extra <"$block.where"
  doc="${doc#"$work"/}"
  case "$block" in
    *.file)
      cp "$block" "$work/$extra"
      echo "check-docs: $doc:$line: wrote $extra"
      ;;
    *.skip)
      echo "check-docs: $doc:$line: skipped ($extra)"
      ;;
    *.run)
      script="$block.sh"
      {
        echo 'set -euo pipefail'
        # the build already ran; a second run of the same command would only repeat it
        sed -e "s|^\([[:space:]]*\)$build\([[:space:]]*\(#.*\)\{0,1\}\)$|\1: already built by check-docs|" \
          -e "s|$build && |: already built by check-docs \&\& |" \
          -e 's|^\([[:space:]]*\)bash \.ci/run[[:space:]]*$|\1: the test suite, left to CI|' \
          "$block"
      } >"$script"
      ran=$((ran + 1))
      echo "check-docs: $doc:$line: running"
      sed 's/^/    | /' "$block"
      if (cd "$work" && bash "$script" >"$block.log" 2>&1); then
        echo "check-docs: $doc:$line: ok"
      else
        rc=$?
        tail -30 "$block.log" | sed 's/^/    > /'
        echo "check-docs: $doc:$line: FAILED with exit status $rc" >&2
        failed=$((failed + 1))
      fi
      ;;
  esac
done

# Relative links between the docs must lead to a file that exists.
while IFS= read -r hit; do
  doc="${hit%%:*}"
  target="${hit#*](}"
  target="${target%%)*}"
  target="${target%%#*}"
  [ -z "$target" ] && continue
  case "$target" in http*|mailto:*) continue ;; esac
  if [ ! -e "$(dirname "$work/$doc")/$target" ]; then
    echo "check-docs: $doc: a link to $target, which does not exist" >&2
    failed=$((failed + 1))
  fi
done < <(cd "$work" && grep -oH '\]([^)]*)' README.md BENCHMARKS.md SECURITY.md CONTRIBUTING.md docs/*.md)

echo "check-docs: $ran blocks run, $failed failed"
[ "$failed" -eq 0 ]
