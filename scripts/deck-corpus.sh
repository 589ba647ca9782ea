#!/usr/bin/env bash
# Measures `memcosim run` against plain `ngspice -b` on ngspice's own test and example decks.
#
# Usage: scripts/deck-corpus.sh NGSPICE_SOURCE_FOLDER [BUILD_FOLDER]
#   NGSPICE_SOURCE_FOLDER  a checkout of ngspice's sources (its tests/ and examples/)
#   BUILD_FOLDER           memcosim's build folder (default: build)
# Picks every .cir/.sp deck under tests/ and examples/ except XSPICE (digital and code models),
# OSDI/ADMS (compiled Verilog-A), tclspice, CIDER and decks whose .include/.lib files are missing,
# then runs the deck-corpus test on that list: each deck through `ngspice -b` (the reference,
# every plot written as a rawfile) and `memcosim run`, every common vector compared. Prints
# "M of N decks that ngspice -b runs matched every common vector" and the decks that did not.
# Not part of CI: the committed decks in tests/data/decks are tested by ctest.
set -euo pipefail
source_folder=$(cd "${1:?usage: $0 NGSPICE_SOURCE_FOLDER [BUILD_FOLDER]}" && pwd)
build=${2:-build}
list=$(mktemp)
trap 'rm -f "$list"' EXIT

has_missing_include() {  # deck → 0 if an .include/.lib file it names is not there
  local deck=$1 folder
  folder=$(dirname "$deck")
  grep -iE '^[[:space:]]*\.(include|inc|lib)[[:space:]]+[^[:space:]]+' "$deck" | while read -r _ file _; do
    file=${file//\"/}
    file=${file//\'/}
    case $file in /*) ;; *) file=$folder/$file ;; esac
    [ -f "$file" ] || { echo missing; break; }
  done | grep -q missing
}

find "$source_folder/tests" "$source_folder/examples" -type f \( -name '*.cir' -o -name '*.sp' \) | sort |
  grep -viE '/(xspice|adms|osdi|tclspice|cider)/' |
  while read -r deck; do
    grep -qiE '^[[:space:]]*(pre_osdi|osdi|codemodel)' "$deck" && continue
    grep -qiE '^[[:space:]]*a[^[:space:]]*[[:space:]]' "$deck" && continue  # XSPICE A-devices
    has_missing_include "$deck" && continue
    echo "$deck"
  done >"$list"
echo "$(wc -l <"$list") decks picked from $source_folder" >&2
MEMCOSIM_DECK_CORPUS=$list "$build/tests/tests_commands" "run matches ngspice -b on every vector of the deck corpus" |
  sed -n '1,/^~~~/p' | grep -v '^~~~'
