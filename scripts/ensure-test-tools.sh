#!/usr/bin/env bash
# The tests and `npm run bench` start real components: Chromium (browser tests, the element in the bench),
# redis-server (sessions on many instances), nginx with an openssl-made certificate and a python3 backend (the
# reverse-proxy tests). Install Debian's packages for the missing ones (root or sudo), else say how.
set -u
missing=()
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ] && [ ! -x /usr/bin/chromium-browser ]; then
  missing+=(chromium)
fi
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} = 0 ]; then exit 0; fi

if ! command -v apt-get >/dev/null; then
  echo "Missing for the tests: ${missing[*]}. Install them (CHROMIUM_PATH may point at a Chrome binary)." >&2
  exit 0 # the tests that need them will say so too; the others still run
fi
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Missing for the tests: ${missing[*]}. Run 'apt-get install ${missing[*]}' as root." >&2
  exit 0
fi
echo "Installing ${missing[*]} for the tests (apt-get)…"
$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
  || echo "Could not install ${missing[*]}; the tests that need them will fail." >&2
# Debian starts the services it installs: the tests run their own, on free ports, so stop those.
for service in redis-server nginx; do
  if [[ " ${missing[*]} " == *" $service "* ]] && command -v systemctl >/dev/null; then
    $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true
  fi
done
exit 0
