#!/usr/bin/env bash
# The browser tests need Chromium: install Debian's package when it is missing (root or sudo), else say how.
set -u
if [ -n "${CHROMIUM_PATH:-}" ] || [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "Chromium is missing: install it, or point CHROMIUM_PATH at a Chromium or Chrome binary." >&2
  exit 0 # the browser tests will say so too; the other tests still run
fi
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Chromium is missing: run 'apt-get install chromium' as root." >&2
  exit 0
fi
echo "Installing Chromium for the browser tests (apt-get, about 110 MB)…"
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null \
  || echo "Could not install Chromium; the browser tests will fail." >&2
