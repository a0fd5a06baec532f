#!/bin/sh
# sesam-accept @VERSION@ offline install (@PLATFORM@, Python @PYTHONS@).
#   sh install.sh TARGET_DIR
# Creates a virtual environment at TARGET_DIR (if missing) with ${PYTHON:-python3} and installs
# sesam-accept @VERSION@ into it from this kit's wheels/ folder, with no network. Run again with
# the same kit, it installs nothing. Afterwards: TARGET_DIR/bin/sesam-accept
set -eu
version="@VERSION@"
pythons="@PYTHONS@"
kit=$(cd "$(dirname "$0")" && pwd)
if [ "$#" -ne 1 ] || [ -z "$1" ]; then
    echo "usage: sh install.sh TARGET_DIR" >&2
    exit 2
fi
target=$1
python=${PYTHON:-python3}
# pip reads no configuration file and no PIP_* variable: only this kit's wheels are used.
export PIP_CONFIG_FILE=/dev/null
pip_options="--isolated --disable-pip-version-check --no-input"

if [ ! -x "$target/bin/python" ]; then
    if ! "$python" -c 'import sys; sys.exit("{0}.{1}".format(*sys.version_info) not in sys.argv[1:])' $pythons; then
        echo "install: this kit needs Python $pythons; $python is another version (or missing): set PYTHON=..." >&2
        exit 1
    fi
    created=
    [ -e "$target" ] || created=1
    echo "install: creating a virtual environment in $target with $python"
    if ! "$python" -m venv "$target"; then
        [ -z "$created" ] || rm -rf "$target"
        echo "install: '$python -m venv' failed (Debian/Ubuntu: apt install python3-venv)" >&2
        exit 1
    fi
fi
check='import importlib.metadata as m, sys; sys.exit(m.version("sesam-accept") != sys.argv[1])'
if "$target/bin/python" -c "$check" "$version" 2>/dev/null; then
    echo "install: sesam-accept $version is already installed in $target"
    exit 0
fi
# shellcheck disable=SC2086
"$target/bin/python" -m pip $pip_options install --no-index --find-links "$kit/wheels" \
    --quiet "sesam-accept==$version"
echo "install: sesam-accept $version installed in $target"
"$target/bin/sesam-accept" --version
