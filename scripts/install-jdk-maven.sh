#!/usr/bin/env bash
# Installs a JDK 17 and Maven with apt-get when they are missing; does nothing otherwise.
set -euo pipefail
packages=()
if ! command -v javac >/dev/null 2>&1; then packages+=(openjdk-17-jdk-headless); fi
if ! command -v mvn >/dev/null 2>&1; then packages+=(maven); fi
if ((${#packages[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}"
fi
