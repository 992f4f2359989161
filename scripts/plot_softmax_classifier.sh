#!/usr/bin/env bash
# Builds and runs examples/softmax_classifier (dev preset, build/dev), which writes its loss
# curve and decision regions to build/dev/examples/softmax_classifier.dat, and renders them
# with gnuplot to docs/img/softmax_classifier.png:
#
#   bash scripts/plot_softmax_classifier.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/_common.sh

ensure_packages cmake ninja-build g++ libboost-dev catch2 gnuplot-nox

cmake --preset dev
cmake --build build/dev --target typegrad_example_softmax_classifier
data="build/dev/examples/softmax_classifier.dat"
(cd build/dev/examples && ./softmax_classifier softmax_classifier.dat)
mkdir -p docs/img
gnuplot -e "data='${data}'; out='docs/img/softmax_classifier.png'" scripts/plot_softmax_classifier.gp
echo "wrote docs/img/softmax_classifier.png"
