#!/usr/bin/env bash
# Idempotent installer for the LVS Lab end-to-end test prerequisites.
#
#   bash test/e2e/setup.sh            # installs what is missing, prints the code-server binary path
#   bash test/e2e/setup.sh --missing  # only prints the Debian packages it would install
#
# What it does (each step is skipped when already done):
#   1. apt packages: chromium (driven by playwright-core), ripgrep (stands in for
#      @vscode/ripgrep's GitHub download), and the headers code-server's native
#      modules build against (libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev,
#      build-essential, python3, pkg-config), and a CJK font (fonts-wqy-microhei) for the Chinese UI's
#      screenshots. One `apt-get update`, only if something is missing.
#   2. The harness's Node tools (playwright-core, @vscode/vsce) into $LVSLAB_CACHE/e2e-tools
#      (used when they are not devDependencies of the repo; see README.md).
#   3. code-server (real VS Code for the browser, from npm) into a cache folder OUTSIDE the
#      repository: ${LVSLAB_CACHE:-$HOME/.cache/lvslab}/code-server-<version>/
#      @vscode/ripgrep's postinstall downloads rg from GitHub; we pre-seed its download cache
#      with a tarball made from Debian's rg so no GitHub access is needed.
#
# Only the npm registry and the Debian mirror are contacted.
#
# Env:
#   LVSLAB_CACHE                  cache root (default $HOME/.cache/lvslab)
#   LVSLAB_CODE_SERVER_VERSION    code-server version (default 4.100.3 = VS Code 1.100, Node 20)
#   LVSLAB_PLAYWRIGHT_CORE_VERSION / LVSLAB_VSCE_VERSION   versions of the harness tools
#
# Output: the last line on stdout is the absolute path of the code-server binary.
# Everything else goes to stderr.
set -euo pipefail

CS_VERSION="${LVSLAB_CODE_SERVER_VERSION:-4.100.3}"
CACHE="${LVSLAB_CACHE:-$HOME/.cache/lvslab}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
MARKER="$CS_DIR/.lvslab-setup-ok"

log() { echo "[e2e-setup] $*" >&2; }
die() { echo "[e2e-setup] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------
# 1. apt packages
# ---------------------------------------------------------------------------
# shellcheck source=../support/host-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/../support/host-tools.sh"
# Tools are looked up on PATH (type -P); libraries, which have no tool, by their header.
E2E_TOOLS=(
  chromium=chromium rg=ripgrep cc=build-essential make=build-essential g++=build-essential
  python3=python3 pkg-config=pkg-config tar=tar gzip=gzip
  /etc/ssl/certs/ca-certificates.crt=ca-certificates
  /usr/include/krb5.h=libkrb5-dev /usr/include/X11/Xlib.h=libx11-dev
  /usr/include/X11/extensions/XKBfile.h=libxkbfile-dev
  /usr/include/libsecret-1/libsecret/secret.h=libsecret-1-dev
  # A CJK font, so screenshots show the Chinese UI and the handbook's words (not empty boxes).
  /usr/share/fonts/truetype/wqy/wqy-microhei.ttc=fonts-wqy-microhei
)
mapfile -t missing < <(missing_packages "${E2E_TOOLS[@]}")
if [ "${1:-}" = --missing ]; then
  [ "${#missing[@]}" -eq 0 ] || printf '%s\n' "${missing[@]}"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  SUDO=$(type -P sudo || true)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  type -P apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get"
  [ "$(id -u)" = 0 ] || [ -n "$SUDO" ] || die "missing packages ${missing[*]}; run as root or install sudo"
  log "apt-get install: ${missing[*]}"
  # Other jobs on the machine may hold the dpkg lock; wait for it instead of failing.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >&2
  mapfile -t missing < <(missing_packages "${E2E_TOOLS[@]}")
  [ "${#missing[@]}" -eq 0 ] || die "still missing after apt-get install: ${missing[*]}"
else
  log "apt packages present"
fi

# ---------------------------------------------------------------------------
# Node version check (code-server 4.100.x requires exactly Node 20)
# ---------------------------------------------------------------------------
type -P node >/dev/null || die "node not found (Node 20 required)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" = 20 ] || die "code-server $CS_VERSION needs Node 20, found $(node -v)"

# Serialise concurrent setups (two test runs starting at once); instant when uncontended.
mkdir -p "$CACHE"
exec 9>"$CACHE/.setup.lock"
if type -P flock >/dev/null; then flock 9; fi

# ---------------------------------------------------------------------------
# 2. Harness node tools (playwright-core, @vscode/vsce) into the cache, not the repo.
#    `npm install --no-save` in the repo would prune other people's --no-save packages
#    (and theirs would prune ours), so the harness loads these from the repo's
#    node_modules when they are devDependencies there, else from $TOOLS_DIR.
# ---------------------------------------------------------------------------
PW_VERSION="${LVSLAB_PLAYWRIGHT_CORE_VERSION:-1.65.1}"
VSCE_VERSION="${LVSLAB_VSCE_VERSION:-3.9.2}"   # vsce 4.x needs Node >= 22; 3.9.x runs on Node 20
TOOLS_DIR="$CACHE/e2e-tools"
TOOLS_KEY="playwright-core@$PW_VERSION @vscode/vsce@$VSCE_VERSION"
if [ "$(cat "$TOOLS_DIR/.lvslab-setup-ok" 2>/dev/null)" = "$TOOLS_KEY" ] \
   && [ -f "$TOOLS_DIR/node_modules/playwright-core/package.json" ] \
   && [ -f "$TOOLS_DIR/node_modules/@vscode/vsce/package.json" ]; then
  log "harness tools present ($TOOLS_KEY)"
else
  log "npm install $TOOLS_KEY into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  printf '{ "name": "lvslab-e2e-tools", "private": true }\n' > "$TOOLS_DIR/package.json"
  # No install scripts needed: playwright-core has none, vsce's optional keytar is unused by `package`.
  (cd "$TOOLS_DIR" && npm install --ignore-scripts --no-audit --no-fund --no-package-lock \
      "playwright-core@$PW_VERSION" "@vscode/vsce@$VSCE_VERSION" >&2)
  echo "$TOOLS_KEY" > "$TOOLS_DIR/.lvslab-setup-ok"
fi

# ---------------------------------------------------------------------------
# 3. code-server into the cache
# ---------------------------------------------------------------------------
if [ -f "$MARKER" ] && [ -x "$CS_BIN" ]; then
  log "code-server $CS_VERSION already installed"
  echo "$CS_BIN"
  exit 0
fi

STAGE="$CS_DIR.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE"
# A private TMPDIR: @vscode/ripgrep looks for its download cache in os.tmpdir().
export TMPDIR="$STAGE/.tmp"
mkdir -p "$TMPDIR"
export npm_config_unsafe_perm=true   # code-server's postinstall refuses to run as root without it
export npm_config_yes=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp must not download Node headers (nodejs.org is unreachable): use the installed ones.
NODE_PREFIX="$(cd "$(dirname "$(readlink -f "$(type -P node)")")/.." && pwd)"
if [ -f "$NODE_PREFIX/include/node/node.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
else
  log "warning: no Node headers under $NODE_PREFIX/include/node; node-gyp may try to download them"
fi

# Phase 1: fetch code-server without running scripts, to learn which @vscode/ripgrep it pins.
log "npm install code-server@$CS_VERSION (no scripts) into $STAGE"
printf '{ "name": "lvslab-code-server-cache", "private": true }\n' > "$STAGE/package.json"
(cd "$STAGE" && npm install --ignore-scripts --no-package-lock "code-server@$CS_VERSION" >&2)
PKG="$STAGE/node_modules/code-server"
RG_VERSION="$(node -e '
  const s = require(process.argv[1]);
  const p = s.packages && s.packages["node_modules/@vscode/ripgrep"];
  if (!p) { process.exit(1); } console.log(p.version);' "$PKG/lib/vscode/npm-shrinkwrap.json")" \
  || die "cannot find @vscode/ripgrep in code-server's lib/vscode/npm-shrinkwrap.json"

# Read the ripgrep release tag and asset naming from that exact @vscode/ripgrep version.
RG_PACK_DIR="$TMPDIR/rgpkg"
mkdir -p "$RG_PACK_DIR"
(cd "$RG_PACK_DIR" && npm pack --silent "@vscode/ripgrep@$RG_VERSION" >/dev/null)
tar xzf "$RG_PACK_DIR"/vscode-ripgrep-*.tgz -C "$RG_PACK_DIR"
RG_TAG="$(sed -n "s/^const VERSION = '\([^']*\)'.*/\1/p" "$RG_PACK_DIR/package/lib/postinstall.js")"
[ -n "$RG_TAG" ] || die "cannot read VERSION from @vscode/ripgrep@$RG_VERSION lib/postinstall.js"
# shellcheck disable=SC2016  # a literal JS template string
grep -q 'vscode-ripgrep-cache-${packageVersion}' "$RG_PACK_DIR/package/lib/download.js" \
  || die "@vscode/ripgrep@$RG_VERSION changed its cache layout; update setup.sh"
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) die "unsupported arch $(uname -m)" ;;
esac
RG_CACHE_DIR="$TMPDIR/vscode-ripgrep-cache-$RG_VERSION"
RG_TARBALL="$RG_CACHE_DIR/ripgrep-$RG_TAG-$RG_TARGET.tar.gz"
mkdir -p "$RG_CACHE_DIR"
# The postinstall runs `tar xvf <tarball> -C bin/` and expects `rg` at the archive root.
tar czf "$RG_TARBALL" -C "$(dirname "$(readlink -f "$(type -P rg)")")" rg
log "seeded ripgrep cache: $RG_TARBALL (Debian $(rg --version 2>/dev/null | sed -n 1p))"

# Phase 2: run code-server's postinstall (npm install of lib/vscode + extensions, native builds).
# npm 11 skips dependency install scripts not listed in a project's allowScripts; the nested
# `npm install` that code-server's postinstall runs inside lib/vscode has no allowScripts and
# needs node-pty/spdlog/ripgrep/... scripts, so allow them for this isolated, pinned install only.
export npm_config_dangerously_allow_all_scripts=true
log "running install scripts (code-server postinstall, argon2; native builds take minutes)"
(cd "$STAGE" && npm rebuild --foreground-scripts >&2) \
  || die "code-server postinstall failed (see output above)"

[ -x "$PKG/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
  || die "ripgrep was not installed into code-server (postinstall did not use the seeded cache)"
ln -sf ../code-server/out/node/entry.js "$STAGE/node_modules/.bin/code-server" 2>/dev/null || true
chmod +x "$PKG/out/node/entry.js"
# Smoke check with a throwaway HOME/XDG so code-server does not write ~/.config/code-server.
VCHK="$TMPDIR/versioncheck"
mkdir -p "$VCHK"
HOME="$VCHK" XDG_CONFIG_HOME="$VCHK/config" XDG_DATA_HOME="$VCHK/data" XDG_CACHE_HOME="$VCHK/cache" \
  "$STAGE/node_modules/.bin/code-server" --version >&2 || die "code-server does not start"

rm -rf "$TMPDIR"
unset TMPDIR
rm -rf "$CS_DIR"
mv "$STAGE" "$CS_DIR"
echo "$CS_VERSION $(date -u +%FT%TZ)" > "$MARKER"
log "installed code-server $CS_VERSION into $CS_DIR"
echo "$CS_BIN"
