#!/usr/bin/env bash
# Builds the distribution (distribution/target/legate: bin/legate-jupyter and lib/) without tests.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -DskipTests package
