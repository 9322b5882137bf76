#!/bin/sh
# Builds a local stand-in for docker.io/library/python:3.11-slim-bookworm from Debian's own
# packages, for a machine that reaches a Debian mirror and PyPI but not Docker Hub:
#   deploy/base-image.sh                       # → localhost/python:3.11-slim-bookworm
#   podman build --format docker -f deploy/Containerfile \
#     --build-arg BASE=localhost/python:3.11-slim-bookworm -t zhenggai .
# Two layers, as upstream: a minimal Debian 12 (debootstrap --variant=minbase, imported as
# localhost/debian:bookworm-slim), then Debian's python3 (3.11 in bookworm) with venv and pip.
# Differences from the upstream image: Python lives in /usr/bin (not /usr/local/bin) and is
# Debian's build (3.11.2 with Debian's security fixes, not the latest 3.11.x); `python` and
# `pip` exist as upstream, and pip may install outside a venv (Debian's EXTERNALLY-MANAGED
# marker is removed, as upstream has none).
# Needs root, debootstrap and podman (ENGINE=docker has the same import and build commands,
# untested here). MIRROR and SECURITY_MIRROR choose the Debian mirror (default deb.debian.org).
set -eu

MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
TAG=${TAG:-localhost/python:3.11-slim-bookworm}
DEBIAN_TAG=${DEBIAN_TAG:-localhost/debian:bookworm-slim}
ENGINE=${ENGINE:-podman}
# Extra options for the build step, e.g. "--runtime runc --ulimit nofile=20000:20000".
BUILD_OPTS=${BUILD_OPTS:-}

work=$(mktemp -d /var/tmp/zhenggai-base.XXXXXX)
trap 'rm -rf --one-file-system "$work"' EXIT
rootfs="$work/rootfs"

# 1. A minimal Debian 12, slimmed like Debian's own container images.
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR"
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
# As in Debian's container images: no documentation, man pages or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/groff/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
EOF
cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
echo 'APT::Install-Recommends "false";' > "$rootfs/etc/apt/apt.conf.d/docker-no-recommends"
rm -f "$rootfs/etc/apt/sources.list"
cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
(cd "$rootfs" && find usr/share/doc -mindepth 1 ! -name copyright ! -type d -delete \
  && find usr/share/doc -mindepth 1 -type d -empty -delete \
  && rm -rf usr/share/man/* usr/share/info/* usr/share/groff/* usr/share/lintian/* \
  && find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + \
  && rm -rf var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* \
  && rm -rf var/log/* tmp/* dev/*)
tar --numeric-owner -C "$rootfs" -c . | "$ENGINE" import \
  --change 'CMD ["bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$DEBIAN_TAG"

# 2. Python 3.11 with venv and pip, CA certificates, as in the upstream python image.
# shellcheck disable=SC2086
"$ENGINE" build $BUILD_OPTS -t "$TAG" -f - "$work" <<EOF
FROM $DEBIAN_TAG
ENV LANG=C.UTF-8
RUN apt-get update \\
 && apt-get upgrade -y \\
 && apt-get install -y --no-install-recommends \\
      python3 python3-venv python3-pip python-is-python3 ca-certificates netbase tzdata \\
 && rm -rf /var/lib/apt/lists/* /usr/lib/python3.11/EXTERNALLY-MANAGED \\
 && python --version && pip --version
CMD ["python3"]
EOF
"$ENGINE" images "$TAG"
