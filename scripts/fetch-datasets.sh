#!/usr/bin/env bash
# Regenerates data/iris.csv, data/wisconsin.csv and data/digits.csv from the copies that Debian's
# python3-sklearn package ships, without installing scikit-learn (provenance: data/README.md).
#
# Usage: scripts/fetch-datasets.sh [python3-sklearn_*.deb]
#   With no argument the pinned package version is fetched with `apt-get download`.
#   MEMCOSIM_SKLEARN_VERSION overrides the pin; the output is byte-identical for the pinned version.
# Needs bash, apt-get, dpkg-deb and python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."

version="${MEMCOSIM_SKLEARN_VERSION:-1.2.1+dfsg-1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"  # apt-get download runs as _apt, which must be able to write here

if [ $# -ge 1 ]; then
  deb="$(realpath "$1")"
else
  (cd "$work" && apt-get download -q "python3-sklearn=$version")
  deb="$(ls "$work"/python3-sklearn_*.deb)"
fi
echo "fetch-datasets: extracting $(basename "$deb") ($(dpkg-deb -f "$deb" Version))"
dpkg-deb -x "$deb" "$work/root"
source_dir="$(find "$work/root" -type d -path '*/sklearn/datasets/data' | head -n 1)"
[ -n "$source_dir" ] || { echo "fetch-datasets: no sklearn/datasets/data in $deb" >&2; exit 1; }

python3 - "$source_dir" data <<'PY'
"""Rewrites scikit-learn's bundled CSVs as plain CSVs: feature names, then an integer `label`.

scikit-learn's iris.csv and breast_cancer.csv open with a line "n_samples,n_features,class names..."
instead of column names; digits.csv.gz has no header at all. Cells are copied verbatim (no
float round trip), so the output depends only on the input bytes.
"""
import csv
import gzip
import pathlib
import sys

source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])

IRIS = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]
WDBC_BASE = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
             "concave_points", "symmetry", "fractal_dimension"]
# Same order as the UCI file and sklearn: ten means, ten standard errors, ten "worst" values.
WDBC = [f"{name}_{kind}" for kind in ("mean", "se", "worst") for name in WDBC_BASE]
DIGITS = [f"pixel_{i}" for i in range(64)]


def read_rows(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", newline="") as f:
        return [row for row in csv.reader(f) if row]


def convert(rows, names, classes, out_name, integers=False):
    for number, row in enumerate(rows, 1):
        if len(row) != len(names) + 1:
            sys.exit(f"{out_name}: row {number} has {len(row)} cells, expected {len(names) + 1}")
        for cell in row[:-1]:
            float(cell)  # raises on anything that is not a number
            if integers and not 0 <= int(cell) <= 16:
                sys.exit(f"{out_name}: row {number}: pixel {cell} outside 0..16")
        label = int(float(row[-1]))
        if not 0 <= label < classes:
            sys.exit(f"{out_name}: row {number}: label {row[-1]} outside 0..{classes - 1}")
    lines = [",".join(names + ["label"])]
    lines += [",".join([cell.strip() for cell in row[:-1]] + [str(int(float(row[-1])))]) for row in rows]
    (target / out_name).write_text("\n".join(lines) + "\n", encoding="ascii")
    counts = [sum(1 for row in rows if int(float(row[-1])) == k) for k in range(classes)]
    print(f"fetch-datasets: {out_name}: {len(rows)} x {len(names)}, class counts {counts}")


def with_count_header(path, features):
    rows = read_rows(path)
    samples, columns, *class_names = rows[0]
    if int(samples) != len(rows) - 1 or int(columns) != features:
        sys.exit(f"{path.name}: header says {samples} x {columns}, file has {len(rows) - 1} rows")
    return rows[1:], len(class_names)


iris, iris_classes = with_count_header(source / "iris.csv", len(IRIS))
convert(iris, IRIS, iris_classes, "iris.csv")
wdbc, wdbc_classes = with_count_header(source / "breast_cancer.csv", len(WDBC))
convert(wdbc, WDBC, wdbc_classes, "wisconsin.csv")
convert(read_rows(source / "digits.csv.gz"), DIGITS, 10, "digits.csv", integers=True)
PY
