#!/usr/bin/env bash
# Builds deploy/Dockerfile with podman on a machine that cannot pull from container registries
# (only Debian's apt and crates.io reachable): stand-ins for both base images are made locally.
# Stand-ins: debian:bookworm-slim = debootstrap's minbase (larger than the real slim image);
# rust:1-bookworm = the same plus gcc and this machine's rustup stable toolchain and CA bundle.
# Run as root from the repository root. Not part of the test command (a release build from
# scratch takes minutes); docs/deploy.md says what it showed.
set -euo pipefail
work="${WORK:-/tmp/hotseat-image}"
toolchain="${TOOLCHAIN:-$HOME/.rustup/toolchains/stable-x86_64-unknown-linux-gnu}"
apt-get install -y -qq podman debootstrap >/dev/null
mkdir -p "$work"
[ -d "$work/rootfs" ] || debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian
tar -C "$work/rootfs" -c . | podman import - docker.io/library/debian:bookworm-slim
if [ ! -d "$work/rustfs" ]; then
  cp -a "$work/rootfs" "$work/rustfs"
  chroot "$work/rustfs" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev ca-certificates
  mkdir -p "$work/rustfs/usr/local/rust"
  cp -a "$toolchain/." "$work/rustfs/usr/local/rust/"
fi
# The host's trust store, so cargo reaches crates.io through whatever this machine trusts.
cp /etc/ssl/certs/ca-certificates.crt "$work/rustfs/etc/ssl/certs/ca-certificates.crt"
tar -C "$work/rustfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV CARGO_HOME=/usr/local/cargo' - docker.io/library/rust:1-bookworm
# --format docker keeps HEALTHCHECK (the OCI format has none); chroot isolation and the host
# network because this machine's podman cannot start crun containers (cgroups v1 hybrid).
podman build --format docker --pull=never --isolation=chroot --network=host \
  -f deploy/Dockerfile -t hotseat:local .
podman image inspect localhost/hotseat:local --format '{{.Config.User}} {{.Config.Volumes}} {{json .Config.Healthcheck.Test}}'
