#!/usr/bin/env bash
# Installs the Debian packages the project builds with and its tests run: the libraries libcurl, SQLite, OpenLDAP and
# libxml2 (FoundationXML reads feeds with it); the openssl command that makes test certificates; the time zone
# database the schedule tests read; slapd and ldap-utils, the real LDAP server the directory tests start on loopback;
# systemd, whose systemd-analyze checks the units in deploy/systemd (Scripts/check-systemd-units.sh); Debian's Python
# Prometheus client, whose text-format parser the metrics tests read each scrape with; chromium and chromium-driver,
# the headless browser the web client's tests drive over WebDriver on loopback; postgresql, the real PostgreSQL server
# the PostgreSQL tests start on loopback (initdb and pg_ctl in a temporary folder of their own). Installs only
# what is missing; needs root (or sudo) when something is.
set -euo pipefail
packages=(libcurl4-openssl-dev libsqlite3-dev libldap-dev libxml2-dev openssl slapd ldap-utils tzdata systemd python3-prometheus-client chromium chromium-driver fonts-dejavu-core postgresql)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
run_as_root=()
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null; then
    run_as_root=(sudo)
  else
    echo "error: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
fi
# The PostgreSQL clusters there are before the install (the postgresql package creates one, below).
clusters_before=$(pg_lsclusters --no-header 2>/dev/null || true)
"${run_as_root[@]}" apt-get update -qq
# slapd's own service is never started (the tests start theirs on loopback ports of their own).
DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
# Debian's postgresql creates a cluster `main` and starts it on localhost:5432 where services may start. The tests never
# use it (they start clusters of their own on free loopback ports), so a cluster the install created is stopped and
# left to be started by hand (start.conf `manual`: not at boot either). Clusters there before are left alone.
if command -v pg_lsclusters >/dev/null; then
  pg_lsclusters --no-header | while read -r version cluster _; do
    if ! grep -q "^$version $cluster " <<<"$clusters_before"; then
      "${run_as_root[@]}" pg_ctlcluster "$version" "$cluster" stop </dev/null 2>/dev/null || true
      echo manual | "${run_as_root[@]}" tee "/etc/postgresql/$version/$cluster/start.conf" >/dev/null
    fi
  done
fi
