#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test (test/html-report.test.ts), which
# drives it through playwright-core. Playwright's own browser download is never used: CI machines
# reach only the npm registry and Debian's apt mirrors. Needs root (CI runs as root) and does
# nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ci-install-chromium: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
