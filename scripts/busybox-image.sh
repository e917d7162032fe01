#!/usr/bin/env bash
# Builds a tiny busybox image without a registry, from Debian's busybox-static:
#   scripts/busybox-image.sh DIR [SOCKET]
# writes DIR/busybox.tar (docker-archive, docker.io/library/busybox:latest) and, given containerd's
# SOCKET, imports it into the k8s.io namespace. Its default command sleeps forever, so it also
# serves as the pod sandbox ("pause") image.
set -euo pipefail
dir=${1:?usage: busybox-image.sh DIR [SOCKET]}
socket=${2:-}
name=docker.io/library/busybox:latest
for tool in umoci skopeo busybox; do
  command -v "$tool" >/dev/null || { echo "missing $tool: run scripts/setup-debian.sh" >&2; exit 2; }
done
bin=$(command -v busybox)
mkdir -p "$dir"
work=$(mktemp -d "$dir/oci.XXXXXX")
trap 'rm -rf "$work"' EXIT
umoci init --layout "$work/layout"
umoci new --image "$work/layout:latest"
umoci unpack --rootless --image "$work/layout:latest" "$work/bundle"
rootfs="$work/bundle/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
cp "$bin" "$rootfs/bin/busybox"
for applet in $("$bin" --list); do
  [[ $applet == busybox ]] || ln -sf busybox "$rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
echo 'root:x:0:' > "$rootfs/etc/group"
umoci repack --image "$work/layout:latest" "$work/bundle"
umoci config --image "$work/layout:latest" --config.env PATH=/bin \
  --config.cmd sleep --config.cmd 2147483647
rm -f "$dir/busybox.tar"
skopeo copy --quiet "oci:$work/layout:latest" "docker-archive:$dir/busybox.tar:$name"
echo "built $dir/busybox.tar ($name)"
if [[ -n $socket ]]; then
  ctr --address "$socket" -n k8s.io images import "$dir/busybox.tar" >/dev/null
  echo "imported $name into $socket"
fi
