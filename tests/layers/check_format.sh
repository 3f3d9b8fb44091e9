#!/usr/bin/env bash
# Every tracked C++ file is as clang-format (the tree's .clang-format: 110 columns) writes it.
# Usage: check_format.sh ROOT. Prints each file that differs and how to fix it; exit 1 if any.
set -euo pipefail
cd "$1"
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.hpp')
# One clang-format run for all files; each file that differs is named in its warnings.
mapfile -t bad < <(clang-format --dry-run "${files[@]}" 2>&1 |
    sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' | sort -u)
if [ "${#bad[@]}" -gt 0 ]; then
    printf 'not formatted: %s\n' "${bad[@]}"
    echo "${#bad[@]} of ${#files[@]} files differ from clang-format; fix with: clang-format -i FILE..."
    exit 1
fi
echo "formatted: ${#files[@]} files"
