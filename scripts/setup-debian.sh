#!/usr/bin/env bash
# Installs what Kedge needs on a fresh Debian machine: a Java 17 JDK and Maven; containerd, runc
# and the CNI plugins for pods; busybox-static, umoci and skopeo to build the local busybox image;
# mosquitto, the baseline of ./kedge bench mqtt (its service is not needed: the bench starts its own);
# chromium, whose headless mode checks the web console's pages in the OSGi tests (without
# recommends: 25 packages instead of about 130).
# Optional: kubectl (tests use it when present) is not in Debian 12; install it from your usual source.
set -euo pipefail
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v curl >/dev/null || missing+=(curl)
command -v containerd >/dev/null || missing+=(containerd)
command -v runc >/dev/null || missing+=(runc)
[[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
[[ -x /bin/busybox || -x /usr/bin/busybox ]] || missing+=(busybox-static)
command -v umoci >/dev/null || missing+=(umoci)
command -v skopeo >/dev/null || missing+=(skopeo)
[[ -x /usr/sbin/mosquitto ]] || command -v mosquitto >/dev/null || missing+=(mosquitto)
if (( ${#missing[@]} )); then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q "${missing[@]}"
fi
if ! command -v chromium >/dev/null; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends chromium
fi
# Debian's package starts mosquitto as a service on 1883, the node's own MQTT port: the bench runs its own
if command -v systemctl >/dev/null && systemctl is-enabled mosquitto >/dev/null 2>&1; then
  $SUDO systemctl disable --now mosquitto || true
fi
java -version 2>&1 | sed -n 1p  # sed reads to the end: head would make the writer die of SIGPIPE, which pipefail counts as failure
mvn -v 2>&1 | sed -n 1p
