#!/bin/sh
# Schemathesis (Python) in a virtual environment of its own, made and filled on first use from
# tools/schemathesis/requirements.txt (every version pinned) into .local/venv/schemathesis
# (git-ignored). Prints the path of the `st` command; quick when already done. Run by the
# Schemathesis suite (apps/gateway/test/schemathesis.e2e-spec.ts) before it starts the system.
set -e
cd "$(dirname "$0")/../.."
root=$(pwd)
venv="$root/.local/venv/schemathesis"
requirements="$root/tools/schemathesis/requirements.txt"
python=${YP_PYTHON:-python3}

if ! command -v "$python" >/dev/null 2>&1; then
  echo "The Schemathesis tests need Python 3.11 or newer, and $python was not found: install it, e.g. apt-get install python3 python3-venv, and run again." >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "The Schemathesis tests need Python 3.11 or newer; $python is $("$python" -c 'import platform; print(platform.python_version())'). Install a newer one (or point YP_PYTHON at it) and run again." >&2
  exit 1
fi

# The requirements the environment was filled from are kept in it: a change of the file refills it.
if [ -x "$venv/bin/st" ] && cmp -s "$requirements" "$venv/requirements.txt"; then
  echo "$venv/bin/st"
  exit 0
fi
echo "Installing Schemathesis into .local/venv/schemathesis (pip)..." >&2
rm -rf "$venv"
if ! "$python" -m venv "$venv" >&2; then
  echo "Could not create a Python virtual environment: install the venv module (e.g. apt-get install python3-venv) and run again." >&2
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
cp "$requirements" "$venv/requirements.txt"
echo "$venv/bin/st"
