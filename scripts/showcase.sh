#!/usr/bin/env bash
# The main job: build, install the kernel for this user, run the getting-started notebook
# headless and say where the executed notebook is.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "Building ..."
scripts/build.sh
distribution/target/legate/bin/legate-jupyter --name legate-java --display-name "Java (Legate)" --force
mkdir -p build/notebooks
echo "Executing notebooks/01-getting-started.ipynb ..."
/usr/bin/jupyter nbconvert --to notebook --execute notebooks/01-getting-started.ipynb \
  --ExecutePreprocessor.kernel_name=legate-java --ExecutePreprocessor.timeout=300 \
  --output-dir build/notebooks --log-level=WARN
echo
echo "Executed notebook: $(pwd)/build/notebooks/01-getting-started.ipynb"
echo "The kernel 'legate-java' is installed: open Jupyter with /usr/bin/jupyter notebook, or run"
echo "  /usr/bin/jupyter console --kernel legate-java"
