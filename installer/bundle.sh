#!/usr/bin/env bash
# Build an offline bundle for a hall with no internet: kiosk-<version>-<arch>.tar.gz holding the project
# wheel, a wheelhouse for that architecture (installer/requirements/<arch>.txt), the Debian packages of
# installer/debian-packages.txt with their dependencies (a local apt repository), and the installer itself.
# On the hall's machine: tar xzf kiosk-*.tar.gz && kiosk-*/installer/install.sh --bundle kiosk-*.tar.gz
#
#   installer/bundle.sh --arch amd64|arm64 [--out DIR] [--no-debs] [--cache DIR]
#
# Downloads (PyPI, Debian) are cached in --cache (default $KIOSK_BUNDLE_CACHE, else ~/.cache/kiosk-bundle):
# a second build of the same pins downloads nothing. The Python used to build the wheel and to run
# `pip download` is $PYTHON, else the checkout's .venv, else python3. --no-debs leaves the Debian
# packages out (install.sh then installs them from the network).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
arch="" out="$PWD" debs=1
cache=${KIOSK_BUNDLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiosk-bundle}

say() { printf 'bundle: %s\n' "$*" >&2; }
die() { printf 'bundle: ERROR: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '7p' "$0" | sed 's/^#   /usage: /'; exit "${1:-2}"; }

while (($#)); do
  case $1 in
    --arch) arch=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --cache) cache=${2:?}; shift 2 ;;
    --no-debs) debs=0; shift ;;
    -h | --help) usage 0 ;;
    *) say "unknown option $1"; usage ;;
  esac
done
case $arch in
  amd64) machine=x86_64 ;;
  arm64) machine=aarch64 ;;
  *) say "--arch amd64 or --arch arm64"; usage ;;
esac

PY=${PYTHON:-}
if [[ -z $PY ]]; then
  if [[ -x $repo/.venv/bin/python ]]; then PY=$repo/.venv/bin/python; else PY=$(command -v python3); fi
fi
version=$("$PY" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
  "$repo/pyproject.toml")
name=kiosk-$version-$arch
mkdir -p "$out" "$cache"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/$name
mkdir -p "$stage/wheels" "$stage/installer" "$stage/docs"

# --- the project wheel, built from a clean copy of the tree (no build/ or egg-info left in the checkout)
src=$tmp/src
mkdir -p "$src"
tar -C "$repo" --exclude=__pycache__ -cf - kiosk pyproject.toml README.md | tar -C "$src" -xf -
if [[ ! -f $src/kiosk/assets/voice/thanks.wav ]]; then
  if command -v espeak-ng >/dev/null && PYTHONPATH=$src "$PY" -m kiosk voice build >/dev/null; then
    say "voice prompts built with espeak-ng"
  else
    say "WARNING: no voice prompts in kiosk/assets/voice (espeak-ng missing): the pads will be silent"
  fi
fi
isolation=()
"$PY" -c 'import setuptools, wheel' 2>/dev/null && isolation=(--no-build-isolation)  # else pip fetches setuptools
"$PY" -m pip wheel -q --no-deps "${isolation[@]}" -w "$stage/wheels" "$src" >&2
wheel=$(cd "$stage/wheels" && ls kiosk-"$version"-*.whl)
say "built $wheel"

# --- the wheelhouse: exactly the pins, as binary wheels for CPython 3.11 on glibc <= 2.36 (bookworm)
grep -hv -e '^\s*#' -e '^\s*-r' -e '^\s*$' "$here/requirements/common.txt" "$here/requirements/$arch.txt" \
  | sed 's/\s*#.*//' | sort > "$stage/requirements.txt"
house=$cache/wheels-$arch
stamp=$house/.complete-$(sha256sum "$stage/requirements.txt" | cut -c1-16)
if [[ ! -f $stamp ]]; then
  platforms=()
  for glibc in $(seq 36 -1 17); do platforms+=(--platform "manylinux_2_${glibc}_$machine"); done
  platforms+=(--platform "manylinux2014_$machine")
  say "downloading the $arch wheelhouse into $house"
  "$PY" -m pip download -q --only-binary=:all: "${platforms[@]}" --python-version 3.11 --implementation cp \
    --abi cp311 --abi abi3 --abi none -d "$house" -r "$stage/requirements.txt" >&2
  touch "$stamp"
fi
# one wheel per pin, and no wheel that is not pinned
"$PY" - "$stage/requirements.txt" "$house" "$stage/wheels" <<'EOF'
import pathlib, re, shutil, sys
pins = dict(line.strip().split("==") for line in open(sys.argv[1]) if line.strip())
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
pins = {norm(k): v for k, v in pins.items()}
found = {}
for whl in pathlib.Path(sys.argv[2]).glob("*.whl"):
    dist, ver = whl.name.split("-")[:2]
    if pins.get(norm(dist)) == ver:
        found.setdefault(norm(dist), whl)
missing = sorted(set(pins) - set(found))
if missing:
    sys.exit(f"bundle: ERROR: no wheel for {', '.join(f'{m}=={pins[m]}' for m in missing)}")
for whl in found.values():
    shutil.copy2(whl, sys.argv[3])
print(f"bundle: wheelhouse: {len(found)} pinned wheels", file=sys.stderr)
EOF

# --- the Debian packages and all they depend on, as a flat local apt repository
mapfile -t packages < <(sed 's/#.*//' "$here/debian-packages.txt" | xargs -n1)
ndebs=0
if ((debs)); then
  aptdir=$cache/apt-$arch
  mkdir -p "$aptdir/lists/partial" "$aptdir/archives/partial" "$aptdir/debs"
  touch "$aptdir/status"
  apt_opts=(-o "APT::Sandbox::User=root" -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch" -o "Dir::State::Lists=$aptdir/lists"
    -o "Dir::State::status=$aptdir/status" -o "Dir::Cache=$aptdir/cache" -o "Dir::Cache::archives=$aptdir/archives")
  mkdir -p "$aptdir/cache"
  if [[ -z $(find "$aptdir/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1) ]]; then
    say "apt-get update for $arch (package lists into $aptdir)"
    apt-get "${apt_opts[@]}" update -qq >&2
  fi
  mapfile -t closure < <(apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances "${packages[@]}" | grep -v -e '^ ' -e '^<' | sort -u)
  # from an empty directory: apt-get download leaves out what is in the current one
  (cd "$tmp" && apt-get "${apt_opts[@]}" download --print-uris "${closure[@]}") > "$tmp/uris"
  mapfile -t files < <(cut -d' ' -f2 "$tmp/uris")
  ((${#files[@]} >= ${#packages[@]})) || die "apt resolved ${#files[@]} Debian packages for ${#packages[@]} names"
  missing=()
  for file in "${files[@]}"; do
    [[ -s $aptdir/debs/$file ]] || missing+=("${file%%_*}:$arch")
  done
  if ((${#missing[@]})); then
    say "downloading ${#missing[@]} of ${#files[@]} Debian packages for $arch into $aptdir/debs"
    (cd "$aptdir/debs" && apt-get "${apt_opts[@]}" download -qq "${missing[@]}" >&2)
  fi
  mkdir -p "$stage/debs"
  for file in "${files[@]}"; do
    cp "$aptdir/debs/$file" "$stage/debs/"
  done
  ndebs=${#files[@]}
  (cd "$stage/debs" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null > Packages)
  printf '%s\n' "${packages[@]}" > "$stage/debs/INSTALL"
  say "debs: $ndebs packages ($(du -sh "$stage/debs" | cut -f1))"
fi

# --- the installer and the technicians' document
cp "$here"/*.sh "$here/debian-packages.txt" "$stage/installer/"
cp -r "$here/requirements" "$here/systemd" "$here/udev" "$stage/installer/"
cp "$repo/docs/appliance.md" "$stage/docs/" 2>/dev/null || true

pyside=$(grep -i '^pyside6-essentials==' "$stage/requirements.txt" | cut -d= -f3)
cat > "$stage/MANIFEST" <<EOF
name=kiosk
version=$version
arch=$arch
python=3.11
wheel=$wheel
pyside6_essentials=$pyside
wheels=$(find "$stage/wheels" -name '*.whl' | wc -l)
debs=$ndebs
built_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
(cd "$stage" && find . -type f -printf '%P\n' | sort | xargs -d '\n' sha256sum) > "$tmp/SHA256SUMS"
mv "$tmp/SHA256SUMS" "$stage/SHA256SUMS"
tar -C "$tmp" -cf - "$name" | gzip -1 > "$out/$name.tar.gz.part"  # wheels and debs are compressed already
mv "$out/$name.tar.gz.part" "$out/$name.tar.gz"
say "wrote $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1))"
echo "$out/$name.tar.gz"
