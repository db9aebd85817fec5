#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages (as root), npm install, build, lint, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# etcd for the etcd store suite; openssl, whose command the PKI tests read certificates with;
# unzip, which unpacks helm for the Helm test (scripts/fetch-helm.sh).
missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
if [ "$(id -u)" = "0" ] && [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages the tests need (${missing[*]})"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi
bash scripts/fetch-helm.sh
echo "== build"
npx tsc -p tsconfig.json
node scripts/bundle.mjs
echo "== lint"
npx eslint src test
echo "== tests"
node --test --test-concurrency=2 --test-timeout=600000 $(find dist/src dist/test -name '*.test.js' | sort)
