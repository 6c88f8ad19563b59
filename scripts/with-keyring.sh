#!/usr/bin/env bash
# Runs a command against a real, throwaway Secret Service: a private D-Bus session bus
# (dbus-run-session) with gnome-keyring-daemon unlocked in a fresh scratch HOME, so keychain
# tests never touch (or depend on) the user's own keyring.
#
#   scripts/with-keyring.sh node node_modules/.bin/vitest run --dir test/keychain
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 64
fi

if [ -z "${SWITCHBOARD_KEYRING_SCRATCH:-}" ]; then
  # Outer half: make the scratch dir, run the inner half on its own bus, clean up after.
  for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || {
      echo "$0: $tool not found (apt-get install dbus gnome-keyring)" >&2
      exit 69
    }
  done
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-keyring.XXXXXX")"
  trap 'rm -rf "$scratch"' EXIT
  status=0
  SWITCHBOARD_KEYRING_SCRATCH="$scratch" dbus-run-session -- "$0" "$@" || status=$?
  exit "$status"
fi

# Inner half: we are on the private bus now. Point every per-user dir at the scratch dir so
# the daemon creates a brand-new login keyring there.
scratch="$SWITCHBOARD_KEYRING_SCRATCH"
unset SWITCHBOARD_KEYRING_SCRATCH
export HOME="$scratch/home"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_STATE_HOME="$HOME/.local/state"
export XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$scratch" "$HOME" "$XDG_RUNTIME_DIR"

# --unlock reads the new keyring's password from stdin and prints NAME=value lines
# (GNOME_KEYRING_CONTROL, ...) that clients need; export exactly those.
output="$(printf '%s' 'switchboard-test' | gnome-keyring-daemon --unlock --components=secrets)"
while IFS= read -r line; do
  if [[ "$line" =~ ^[A-Z_][A-Z0-9_]*=.*$ ]]; then
    export "${line?}"
  fi
done <<<"$output"

# Marks the scratch keyring, so keychain tests run here and skip anywhere else.
export SWITCHBOARD_TEST_KEYRING="$scratch"
exec "$@"
