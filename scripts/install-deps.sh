#!/usr/bin/env bash
# Installs what building and testing need, from Debian's packages: a JDK 17, Maven, the Jupyter
# tools, Open MPI's mpirun for the launcher tests (with ssh, which it needs even on one machine),
# and Slurm with munge and iproute2 for the tests on emulated hosts (network namespaces, a real
# two-node Slurm), Graphviz and poppler for the --dataflow/--event graphs, and Chromium with
# Node.js for the profile pages' browser tests (playwright-core from npm drives Debian's
# chromium; no browser is downloaded). Installs only what is missing, so it is quick and safe to
# run again.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(openjdk-17-jdk-headless maven
          jupyter-client jupyter-nbconvert jupyter-notebook jupyter-console
          python3-jupyter-kernel-test python3-ipykernel python3-numpy python3-zmq
          python3-pytest python3-pytest-timeout python3-pexpect python3-tornado
          openmpi-bin openssh-client slurm-wlm munge iproute2 procps
          graphviz poppler-utils chromium)
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# playwright-core (the version package-lock.json pins), for tests/browser/check_profile.js
if [[ ! -d tests/browser/node_modules/playwright-core ]]; then
  echo "Installing playwright-core from npm (tests/browser)"
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi
