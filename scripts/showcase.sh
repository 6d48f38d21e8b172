#!/usr/bin/env bash
# The main job: build, install the kernel for this user, run the showcase notebooks headless
# (getting started, CFD Step 12 with legate.numpy, and the same on CPUs and a GPU) and say where the
# executed notebooks are.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "Building ..."
scripts/build.sh
distribution/target/legate/bin/legate-jupyter --name legate-java --display-name "Java (Legate)" --force
mkdir -p build/notebooks
for nb in 01-getting-started 02-cfd-channel-flow 04-gpu; do
  echo "Executing notebooks/$nb.ipynb ..."
  /usr/bin/jupyter nbconvert --to notebook --execute "notebooks/$nb.ipynb" \
    --ExecutePreprocessor.kernel_name=legate-java --ExecutePreprocessor.timeout=600 \
    --output-dir build/notebooks --log-level=WARN
done
echo
echo "Executed notebooks: $(pwd)/build/notebooks/01-getting-started.ipynb"
echo "                    $(pwd)/build/notebooks/02-cfd-channel-flow.ipynb (CFD Step 12, with its plots)"
echo "                    $(pwd)/build/notebooks/04-gpu.ipynb (the same on CPUs and a GPU, or why this machine has none)"
echo "The kernel 'legate-java' is installed: open Jupyter with /usr/bin/jupyter notebook, or run"
echo "  /usr/bin/jupyter console --kernel legate-java"
