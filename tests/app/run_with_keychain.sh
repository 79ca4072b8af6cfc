#!/bin/sh
# Runs a test inside a private D-Bus session with gnome-keyring's Secret Service unlocked, as
# ../shared/reference/toolchain.md §9 measured: the daemon ends with the session, nothing is left.
set -eu
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "run_with_keychain: dbus-run-session and gnome-keyring are needed (tools/dev test installs them)" >&2
  exit 1
fi
exec dbus-run-session -- sh -c '
  HOME=$(mktemp -d); export HOME
  XDG_DATA_HOME="$HOME/data"; export XDG_DATA_HOME
  eval "$(printf retort-ci | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"; status=$?
  rm -rf "$HOME"
  exit $status' sh "$@"
