#!/usr/bin/env bash
# Installs what building and testing need, from Debian's packages: a JDK 17, Maven, the Jupyter
# tools, Open MPI's mpirun for the launcher tests (with ssh, which it needs even on one machine),
# and Slurm with munge and iproute2 for the tests on emulated hosts (network namespaces, a real
# two-node Slurm). Installs only what is missing, so it is quick and safe to run again.
set -euo pipefail
packages=(openjdk-17-jdk-headless maven
          jupyter-client jupyter-nbconvert jupyter-notebook jupyter-console
          python3-jupyter-kernel-test python3-ipykernel python3-numpy python3-zmq
          python3-pytest python3-pytest-timeout python3-pexpect python3-tornado
          openmpi-bin openssh-client slurm-wlm munge iproute2 procps)
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
