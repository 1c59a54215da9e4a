#!/usr/bin/env bash
# labhost.sh - the LVS lab host: a QEMU (TCG) VM running a stock Debian
# kernel (so real kernel IPVS) and a Docker engine, reachable from this machine
# on tcp://127.0.0.1:${LABHOST_DOCKER_PORT:-2375} and ssh root@127.0.0.1:${LABHOST_SSH_PORT:-2222}.
#
#   labhost.sh build              ensure host packages + cached golden image (no-op when cached)
#   labhost.sh start              build if needed, boot a throwaway overlay, wait, print DOCKER_HOST=...
#   labhost.sh stop               clean shutdown (kill after timeout), remove the overlay
#   labhost.sh status             exit 0 running+docker answers, 1 stopped, 2 running but not answering
#   labhost.sh authorize PUBKEY   add a public key to the running VM's /root/.ssh/authorized_keys
#   labhost.sh ssh [CMD...]       run CMD (or a shell) in the VM as root, with the admin key
#   labhost.sh prune              delete cached golden images of other recipe versions
#   labhost.sh missing-deps       print the Debian packages ensure_deps would install
#
# Progress goes to stderr; only `start` writes to stdout (the DOCKER_HOST line).
set -euo pipefail

# ---------------------------------------------------------------- settings --
CACHE_ROOT="${LVSLAB_CACHE:-${HOME:?HOME must be set (or set LVSLAB_CACHE)}/.cache/lvslab}/labhost"
STATE="${LVSLAB_STATE:-/tmp/lvslab-labhost}"
DOCKER_PORT="${LABHOST_DOCKER_PORT:-2375}"
SSH_PORT="${LABHOST_SSH_PORT:-2222}"
BOOT_TIMEOUT="${LABHOST_BOOT_TIMEOUT:-240}"   # seconds from qemu launch to "docker + ip_vs ready"
STOP_TIMEOUT="${LABHOST_STOP_TIMEOUT:-60}"    # seconds for a clean poweroff before we kill qemu
VM_MEM="${LABHOST_MEM:-6144}"
VM_SMP="${LABHOST_SMP:-2}"
VM_CPU="${LABHOST_CPU:-max}"

# ------------------------------------------------------------------ recipe --
# Everything that decides the golden image's content. The cache key is a hash
# of these variables and of the recipe_* functions' bodies (via declare -p/-f),
# so editing comments or the start/stop plumbing does not force a rebuild.
# Bump RECIPE_VERSION to force one.
RECIPE_VERSION=1
SUITE=bookworm
MIRROR=http://deb.debian.org/debian
VM_PACKAGES=linux-image-amd64,systemd-sysv,udev,docker.io,iproute2,kmod,ifupdown,isc-dhcp-client,procps,openssh-server
DISK_SIZE=8G
IPVS_MODULES=(ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_dh ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr
              ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh ipip nf_conntrack)
BASE_REPO=debian
BASE_TAG=bookworm-slim
BASE_IMAGE="$BASE_REPO:$BASE_TAG"
# The kernel command line. apparmor=0: without it image builds fail inside the VM.
KERNEL_APPEND="root=/dev/vda rw console=ttyS0 net.ifnames=0 apparmor=0 mitigations=off"

RECIPE_FUNCS=(recipe_debootstrap recipe_configure_vm_root recipe_prepare_base_root recipe_import_base)

recipe_hash() {
  { declare -p RECIPE_VERSION SUITE MIRROR VM_PACKAGES DISK_SIZE IPVS_MODULES BASE_REPO BASE_TAG KERNEL_APPEND
    declare -f "${RECIPE_FUNCS[@]}"; } | sha256sum | cut -c1-16
}

# ----------------------------------------------------------------- logging --
T_START=$(date +%s)
CURRENT_SERIAL=""   # serial log to show when something fails

# fd 7 = our real stderr, also inside calls whose stderr is redirected to a log
# file (a signal trap runs in whatever redirection was active when it arrived)
exec 7>&2
log()  { printf '[%s +%4ss] labhost: %s\n' "$(date +%H:%M:%S)" "$(( $(date +%s) - T_START ))" "$*" >&7; }
warn() { log "WARNING: $*"; }
die() {
  log "ERROR: $*"
  if [[ -n "$CURRENT_SERIAL" && -s "$CURRENT_SERIAL" ]]; then
    printf '%s\n' "----- last 40 lines of $CURRENT_SERIAL -----" >&7
    tail -n 40 "$CURRENT_SERIAL" >&7 || true
    printf '%s\n' "----- end of serial log -----" >&7
  fi
  exit 1
}

# ------------------------------------------------------------- host setup --
# shellcheck source=../support/host-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/../support/host-tools.sh"

# Every host tool the build, start/stop and the tests (ssh integration test) use,
# with the Debian package that brings it; the keyring is what debootstrap verifies with.
HOST_TOOLS=(
  debootstrap=debootstrap wget=wget gpgv=gpgv
  qemu-system-x86_64=qemu-system-x86 qemu-img=qemu-utils
  mkfs.ext4=e2fsprogs e2fsck=e2fsprogs
  ssh=openssh-client ssh-keygen=openssh-client ssh-agent=openssh-client ssh-add=openssh-client
  curl=curl flock=util-linux umount=mount tar=tar sha256sum=coreutils awk=mawk
  /usr/share/keyrings/debian-archive-keyring.gpg=debian-archive-keyring
)

# Install missing host tools from the Debian mirror; `apt-get update` runs at
# most once, and only when something is actually missing.
ensure_deps() {
  local pkgs
  mapfile -t pkgs < <(missing_packages "${HOST_TOOLS[@]}")
  ((${#pkgs[@]})) || return 0
  [[ $(id -u) -eq 0 ]] || die "missing host packages (${pkgs[*]}) and not root: install them first"
  log "installing host packages: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Other (unreachable) sources may make update exit non-zero; the install below is what counts.
  apt-get update >&2 || warn "apt-get update reported errors; trying the install anyway"
  apt-get install -y --no-install-recommends "${pkgs[@]}" >&2 || die "apt-get install ${pkgs[*]} failed"
  mapfile -t pkgs < <(missing_packages "${HOST_TOOLS[@]}")
  ((${#pkgs[@]} == 0)) || die "still missing after apt-get install: ${pkgs[*]}"
}

# ----------------------------------------------------------------- helpers --
# Unmount anything below a directory (debootstrap in a container may bind-mount
# host /dev nodes into the target) so an rm -rf can never reach the host.
umount_below() {
  local dir m
  dir=$(readlink -f "$1" 2>/dev/null) || return 0
  awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || warn "could not unmount $m"; done
}
safe_rm() {
  local d
  for d in "$@"; do
    [[ -e "$d" ]] || continue
    umount_below "$d"
    rm -rf --one-file-system "$d"
  done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_free_port() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); done
  echo "$p"
}

# pid of the qemu recorded in PIDFILE if it is alive and really is the qemu that
# was started with that pidfile (not a recycled pid). qemu deletes it on exit.
qemu_pid() {
  local pidfile=$1 pid cmd
  [[ -s "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == qemu-system-* && "$cmd" == *" -pidfile $pidfile "* ]] || return 1
  echo "$pid"
}

wait_pid_gone() { # pid timeout
  local pid=$1 deadline=$(( $(date +%s) + $2 ))
  while [[ -e /proc/$pid ]]; do
    (( $(date +%s) < deadline )) || return 1
    sleep 1
  done
}

ssh_opts() { # key port
  printf '%s\n' -i "$1" -p "$2" -o BatchMode=yes -o IdentitiesOnly=yes -o ConnectTimeout=10 \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
}
vm_ssh() { # key port cmd...
  local key=$1 port=$2; shift 2
  local opts; mapfile -t opts < <(ssh_opts "$key" "$port")
  ssh "${opts[@]}" root@127.0.0.1 "$@"
}

docker_ping() { curl -sf --max-time 5 "http://127.0.0.1:$1/_ping" >/dev/null 2>&1; }

# Boot qemu in the background (daemonized). Args: disk format docker_port ssh_port rundir kerneldir cache_mode
boot_qemu() {
  local disk=$1 fmt=$2 dport=$3 sport=$4 rundir=$5 kdir=$6 cache=$7
  [[ -e "$rundir/serial.log" ]] && mv -f "$rundir/serial.log" "$rundir/serial.log.prev"
  CURRENT_SERIAL="$rundir/serial.log"
  # TCG only: a stock kernel hangs under KVM here; -cpu host aborts without KVM.
  # 7>&- 8>&- 9>&-: the daemonized qemu must not keep our stderr (a caller reading
  # it would never see EOF) nor our lock fds (it would hold the locks for its life).
  # romfile= : we boot with -kernel, so no PXE ROM is needed (and ipxe may be absent).
  # -nodefaults: no floppy/CD-ROM/VGA/parallel port for the kernel to probe.
  qemu-system-x86_64 \
    -name labhost -accel tcg,thread=multi -cpu "$VM_CPU" -m "$VM_MEM" -smp "$VM_SMP" \
    -kernel "$kdir/vmlinuz" -initrd "$kdir/initrd.img" -append "$KERNEL_APPEND" \
    -drive "file=$disk,format=$fmt,if=virtio,cache=$cache" \
    -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$dport-:2375,hostfwd=tcp:127.0.0.1:$sport-:22" \
    -device virtio-net-pci,netdev=n0,romfile= \
    -nodefaults -display none -serial "file:$rundir/serial.log" -monitor none \
    -daemonize -pidfile "$rundir/qemu.pid" \
    2>"$rundir/qemu.stderr" 7>&- 8>&- 9>&- || { cat "$rundir/qemu.stderr" >&2; die "qemu failed to start"; }
  log "qemu started (pid $(<"$rundir/qemu.pid")), serial console: $rundir/serial.log"
}

# Wait until Docker answers _ping and the kernel has ip_vs loaded (checked over ssh).
# Args: pidfile docker_port ssh_port key deadline_epoch
wait_ready() {
  local pidfile=$1 dport=$2 sport=$3 key=$4 deadline=$5 t0 n=0
  t0=$(date +%s)
  log "waiting for Docker on tcp://127.0.0.1:$dport (timeout in $((deadline - t0)) s)..."
  until docker_ping "$dport"; do
    qemu_pid "$pidfile" >/dev/null || die "qemu exited while booting"
    (( $(date +%s) < deadline )) || die "timed out waiting for Docker _ping on port $dport"
    (( ++n % 15 == 0 )) && log "  still booting ($(( $(date +%s) - t0 )) s)... last console line: $(tail -n 1 "$CURRENT_SERIAL" 2>/dev/null | tr -cd '[:print:]' | cut -c1-100)"
    sleep 2
  done
  log "Docker answers after $(( $(date +%s) - t0 )) s; checking ip_vs over ssh..."
  until vm_ssh "$key" "$sport" 'grep -q "^ip_vs " /proc/modules && test -r /proc/net/ip_vs' 2>/dev/null; do
    qemu_pid "$pidfile" >/dev/null || die "qemu exited while booting"
    (( $(date +%s) < deadline )) || die "timed out waiting for ssh + ip_vs on port $sport"
    sleep 2
  done
  log "ready: Docker + ssh + ip_vs after $(( $(date +%s) - t0 )) s"
}

# Clean poweroff through ssh; kill qemu if it does not exit in time.
# Args: pidfile ssh_port key timeout
shutdown_vm() {
  local pidfile=$1 sport=$2 key=$3 timeout=$4 pid
  pid=$(qemu_pid "$pidfile") || return 0
  log "powering off the VM (pid $pid, up to $timeout s)..."
  local opts; mapfile -t opts < <(ssh_opts "$key" "$sport")
  timeout 20 ssh "${opts[@]}" root@127.0.0.1 'sync; systemctl --no-block poweroff' 2>/dev/null ||
    warn "poweroff over ssh failed"
  if wait_pid_gone "$pid" "$timeout"; then
    log "VM powered off"
    return 0
  fi
  warn "VM did not power off within $timeout s: syncing and killing qemu"
  timeout 20 ssh "${opts[@]}" root@127.0.0.1 sync 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  wait_pid_gone "$pid" 10 || { kill -KILL "$pid" 2>/dev/null || true; wait_pid_gone "$pid" 10 || true; }
  return 1
}

# debootstrap runs in the background and we wait for it: bash only handles a
# TERM/INT after a foreground child returns, and a VM-root debootstrap takes minutes.
CHILD_PID=""
debootstrap() {
  command debootstrap "$@" &
  CHILD_PID=$!
  local rc=0; wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

# ------------------------------------------------------------ recipe steps --
# debootstrap with retries; a failed try's partial root is wiped.
# Args: target logfile debcache [extra debootstrap args...]
recipe_debootstrap() {
  local target=$1 logf=$2 debs=$3 try; shift 3
  for try in 1 2 3; do
    safe_rm "$target"
    if debootstrap --variant=minbase --cache-dir="$debs" "$@" "$SUITE" "$target" "$MIRROR" >"$logf" 2>&1; then
      umount_below "$target"
      return 0
    fi
    warn "debootstrap try $try/3 failed; tail of $logf:"
    tail -n 15 "$logf" >&2
    sleep $((try * 10))
  done
  die "debootstrap into $target failed 3 times (log: $logf)"
}

# Files that make the debootstrapped tree a bootable lab VM. Args: root adminpubkey
recipe_configure_vm_root() {
  local r=$1 pub=$2 dockerd m
  echo labhost >"$r/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\tlabhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$r/etc/hosts"
  echo '/dev/vda / ext4 defaults 0 1' >"$r/etc/fstab"
  printf 'auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet dhcp\n' >"$r/etc/network/interfaces"
  rm -f "$r/etc/resolv.conf"   # the host's; dhclient writes the VM's own

  # dockerd also listens on TCP so the host reaches it through qemu's port forward;
  # --tls=false says plain TCP is intended (else dockerd 20.10 sleeps 15 s at start)
  dockerd=""
  for m in /usr/sbin/dockerd /usr/bin/dockerd; do [[ -x "$r$m" ]] && dockerd=$m && break; done
  [[ -n "$dockerd" ]] || die "dockerd not found in $r"
  mkdir -p "$r/etc/systemd/system/docker.service.d"
  cat >"$r/etc/systemd/system/docker.service.d/lvslab-tcp.conf" <<EOF
[Service]
ExecStart=
ExecStart=$dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375 --tls=false --containerd=/run/containerd/containerd.sock
EOF

  # IPVS (all schedulers), ipip for LVS-TUN, conntrack: loaded at every boot
  printf '%s\n' "${IPVS_MODULES[@]}" >"$r/etc/modules-load.d/lvslab.conf"
  # eth0's driver is loaded by systemd-modules-load (which networking.service is
  # ordered after), so ifupdown's "udevadm settle" helper (~15 s under TCG) can go
  echo virtio_net >"$r/etc/modules-load.d/lvslab-net.conf"
  ln -sf /dev/null "$r/etc/systemd/system/ifupdown-pre.service"

  # root by key only; the build's admin key is baked in for ssh/stop
  mkdir -p "$r/etc/ssh/sshd_config.d"
  printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nUseDNS no\n' \
    >"$r/etc/ssh/sshd_config.d/lvslab.conf"
  install -d -m 0700 "$r/root/.ssh"
  install -m 0600 "$pub" "$r/root/.ssh/authorized_keys"

  # periodic jobs only burn emulated CPU in a short-lived lab VM
  for m in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer; do
    rm -f "$r/etc/systemd/system/timers.target.wants/$m"
    ln -sf /dev/null "$r/etc/systemd/system/$m"
  done
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/*
}

# Make the minbase tree a usable Dockerfile base (apt-get update must work).
recipe_prepare_base_root() {
  local r=$1
  rm -f "$r/etc/apt/sources.list"
  cat >"$r/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR}-security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  [[ -e "$r/usr/share/keyrings/debian-archive-keyring.gpg" ]] || die "base root has no archive keyring"
  # Like the official debian:*-slim images: no translations, no docs/man/locales,
  # no fsync per file, apt caches cleaned. All of this matters under TCG.
  printf 'Acquire::Languages "none";\n' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  printf 'Apt::AutoRemove::SuggestsImportant "false";\n' >"$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  cat >"$r/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  printf 'force-unsafe-io\n' >"$r/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$r/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
  # Docker provides these at run time
  rm -f "$r/etc/resolv.conf" "$r/etc/hostname"
  : >"$r/etc/hosts"
  rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/* "$r"/var/log/*.log "$r"/var/log/apt/*
}

# Stream the base tree into the engine's image import API. Args: root docker_port
recipe_import_base() {
  local r=$1 dport=$2 out
  local changes='changes=ENV%20PATH%3D%2Fusr%2Flocal%2Fsbin%3A%2Fusr%2Flocal%2Fbin%3A%2Fusr%2Fsbin%3A%2Fusr%2Fbin%3A%2Fsbin%3A%2Fbin&changes=CMD%20%5B%22bash%22%5D'
  out=$(tar -C "$r" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . |
        curl -sS --fail --max-time 900 -X POST --data-binary @- -H 'Content-Type: application/x-tar' \
          "http://127.0.0.1:$dport/images/create?fromSrc=-&repo=$BASE_REPO&tag=$BASE_TAG&$changes") ||
    die "image import failed: $out"
  if grep -q '"error' <<<"$out"; then die "image import failed: $out"; fi
  curl -sf --max-time 30 "http://127.0.0.1:$dport/images/$BASE_IMAGE/json" >/dev/null ||
    die "$BASE_IMAGE missing after import"
}

# ------------------------------------------------------------------- build --
golden_dir() { echo "$CACHE_ROOT/$(recipe_hash)"; }
golden_ok()  { [[ -f "$1/complete" && -f "$1/disk.img" && -f "$1/vmlinuz" && -f "$1/initrd.img" && -f "$1/admin_key" ]]; }

BUILD_TMP=""
build_cleanup() {
  local rc=$?
  [[ -n "$BUILD_TMP" && -d "$BUILD_TMP" ]] || return 0
  local pid
  if [[ -n "$CHILD_PID" ]] && kill -TERM "$CHILD_PID" 2>/dev/null; then
    log "stopping debootstrap (pid $CHILD_PID)..."
    wait_pid_gone "$CHILD_PID" 60 || kill -KILL "$CHILD_PID" 2>/dev/null || true
  fi
  if pid=$(qemu_pid "$BUILD_TMP/qemu.pid"); then kill -KILL "$pid" 2>/dev/null || true; wait_pid_gone "$pid" 10 || true; fi
  if ((rc != 0)); then
    # keep the logs of a failed build for inspection, drop the half-built tree
    safe_rm "$CACHE_ROOT/last-failed-build"
    mkdir -p "$CACHE_ROOT/last-failed-build"
    cp -f "$BUILD_TMP"/*.log "$CACHE_ROOT/last-failed-build/" 2>/dev/null || true
    log "build failed; logs kept in $CACHE_ROOT/last-failed-build"
  fi
  safe_rm "$BUILD_TMP"
}

cmd_build() {
  ensure_deps
  local gold; gold=$(golden_dir)
  if golden_ok "$gold"; then log "golden image cached: $gold"; return 0; fi
  [[ $(id -u) -eq 0 ]] || die "building the golden image needs root (debootstrap)"
  mkdir -p "$CACHE_ROOT/debs"
  exec 8>"$CACHE_ROOT/build.lock"
  log "waiting for the build lock..."
  flock -w 3600 8 || die "another build has held $CACHE_ROOT/build.lock for an hour"
  if golden_ok "$gold"; then log "golden image cached (built by another process): $gold"; flock -u 8; return 0; fi
  # we hold the lock, so any leftover temp dir is from a killed build (maybe with its VM still up)
  local d pid
  for d in "$CACHE_ROOT"/.tmp-*; do
    [[ -e "$d" ]] || continue
    warn "removing stale $d"
    if pid=$(qemu_pid "$d/qemu.pid"); then kill -KILL "$pid" 2>/dev/null || true; wait_pid_gone "$pid" 10 || true; fi
    safe_rm "$d"
  done

  BUILD_TMP="$CACHE_ROOT/.tmp-$(basename "$gold")-$$"
  trap build_cleanup EXIT
  trap 'exit 130' INT; trap 'exit 143' TERM   # so that Ctrl-C / kill also run the cleanup
  mkdir -p "$BUILD_TMP"
  local b=$BUILD_TMP t t0; t0=$(date +%s); t=$t0
  : >"$b/timings.txt"
  step_done() { echo "$1: $(( $(date +%s) - t )) s" >>"$b/timings.txt"; log "$1 done in $(( $(date +%s) - t )) s"; t=$(date +%s); }
  log "building golden image $(basename "$gold") in $b (first time: several minutes)"

  log "debootstrap: VM root ($SUITE, kernel + docker.io) ..."
  recipe_debootstrap "$b/root" "$b/debootstrap-vm.log" "$CACHE_ROOT/debs" --include="$VM_PACKAGES"
  step_done "debootstrap-vm"

  ssh-keygen -q -t ed25519 -N '' -C labhost-admin -f "$b/admin_key"
  recipe_configure_vm_root "$b/root" "$b/admin_key.pub"
  local k i; k=$(ls "$b/root"/boot/vmlinuz-* | sort -V | tail -n 1); i=$(ls "$b/root"/boot/initrd.img-* | sort -V | tail -n 1)
  [[ -f "$k" && -f "$i" ]] || die "no kernel/initrd in $b/root/boot"
  cp "$k" "$b/vmlinuz"; cp "$i" "$b/initrd.img"
  echo "kernel: $(basename "$k")" >>"$b/timings.txt"

  log "mkfs.ext4 -d: $DISK_SIZE sparse disk image ..."
  mkfs.ext4 -q -F -L labroot -d "$b/root" "$b/disk.img.part" "$DISK_SIZE" >"$b/mkfs.log" 2>&1 || { cat "$b/mkfs.log" >&2; die "mkfs.ext4 failed"; }
  mv "$b/disk.img.part" "$b/disk.img"
  safe_rm "$b/root"
  step_done "mkfs"

  log "debootstrap: base image root (minbase) ..."
  recipe_debootstrap "$b/base" "$b/debootstrap-base.log" "$CACHE_ROOT/debs"
  recipe_prepare_base_root "$b/base"
  step_done "debootstrap-base"

  # Boot the golden image once, writable, to import the base image into its engine.
  local dport sport; dport=$(pick_free_port $((20000 + RANDOM % 20000))); sport=$(pick_free_port $((dport + 1)))
  log "first boot of the golden image (writable; ports $dport/$sport) ..."
  boot_qemu "$b/disk.img" raw "$dport" "$sport" "$b" "$b" writeback
  wait_ready "$b/qemu.pid" "$dport" "$sport" "$b/admin_key" $(( $(date +%s) + BOOT_TIMEOUT + 120 ))
  step_done "first-boot"

  log "importing $BASE_IMAGE into the VM's engine ..."
  recipe_import_base "$b/base" "$dport"
  safe_rm "$b/base"
  step_done "base-import"

  shutdown_vm "$b/qemu.pid" "$sport" "$b/admin_key" 120 || warn "unclean shutdown; e2fsck will repair"
  cp -f "$b/serial.log" "$b/first-boot-serial.log" 2>/dev/null || true
  CURRENT_SERIAL=""
  # qemu is gone: make sure the golden filesystem is clean before it becomes a backing file
  local rc=0; e2fsck -f -y "$b/disk.img" >"$b/e2fsck.log" 2>&1 || rc=$?
  ((rc < 4)) || { cat "$b/e2fsck.log" >&2; die "e2fsck of the golden image failed (rc $rc)"; }
  step_done "shutdown+fsck"

  echo "total: $(( $(date +%s) - t0 )) s" >>"$b/timings.txt"
  { declare -p RECIPE_VERSION SUITE MIRROR VM_PACKAGES DISK_SIZE KERNEL_APPEND; date -u +built=%FT%TZ; } >"$b/recipe.txt"
  rm -f "$b"/qemu.pid "$b"/qemu.stderr "$b"/serial.log*
  touch "$b/complete"
  [[ -e "$gold" ]] && safe_rm "$gold"   # an incomplete leftover
  mv -T "$b" "$gold"    # atomic: the cache dir either is complete or does not exist
  BUILD_TMP=""
  trap - EXIT INT TERM
  log "golden image ready: $gold ($(du -sh "$gold/disk.img" | cut -f1) used of $DISK_SIZE); timings:"
  sed 's/^/    /' "$gold/timings.txt" >&2
  flock -u 8
}

# ------------------------------------------------------------- run control --
PIDFILE="$STATE/qemu.pid"

# Ports of the running VM (they are recorded at start; env may differ now).
load_run_env() {
  if [[ -f "$STATE/run.env" ]]; then
    # shellcheck disable=SC1091
    source "$STATE/run.env"
  fi
}

# Serializes start/stop. (qemu must never inherit this fd: it would hold the lock
# for the VM's whole life; see boot_qemu.)
lock_state() {
  mkdir -p "$STATE"
  exec 9>"$STATE/ctl.lock"
  flock -w 900 9 || die "another labhost.sh start/stop has held $STATE/ctl.lock for 15 min"
}

cmd_start() {
  lock_state
  CURRENT_SERIAL="$STATE/serial.log"
  # a running VM is reused as is, even if the recipe changed since it booted
  if qemu_pid "$PIDFILE" >/dev/null; then
    load_run_env
    log "VM already running (pid $(<"$PIDFILE")); making sure it is ready"
    wait_ready "$PIDFILE" "$DOCKER_PORT" "$SSH_PORT" "$STATE/admin_key" $(( $(date +%s) + BOOT_TIMEOUT ))
    echo "DOCKER_HOST=tcp://127.0.0.1:$DOCKER_PORT"
    return 0
  fi
  cmd_build
  local p
  for p in "$DOCKER_PORT" "$SSH_PORT"; do
    port_in_use "$p" && die "port 127.0.0.1:$p is already in use by something else (set LABHOST_DOCKER_PORT / LABHOST_SSH_PORT)"
  done
  local gold; gold=$(golden_dir)
  rm -f "$STATE/run.qcow2" "$PIDFILE"
  # throwaway copy-on-write overlay: the golden image stays pristine
  qemu-img create -q -f qcow2 -b "$gold/disk.img" -F raw "$STATE/run.qcow2"
  install -m 0600 "$gold/admin_key" "$STATE/admin_key"
  printf 'DOCKER_PORT=%q\nSSH_PORT=%q\nGOLDEN=%q\n' "$DOCKER_PORT" "$SSH_PORT" "$gold" >"$STATE/run.env"
  log "booting lab VM from overlay $STATE/run.qcow2 (golden $(basename "$gold"))"
  local started; started=$(date +%s)
  boot_qemu "$STATE/run.qcow2" qcow2 "$DOCKER_PORT" "$SSH_PORT" "$STATE" "$gold" unsafe
  if ! (wait_ready "$PIDFILE" "$DOCKER_PORT" "$SSH_PORT" "$STATE/admin_key" $(( started + BOOT_TIMEOUT ))); then
    if [[ "${LABHOST_KEEP_ON_FAIL:-0}" != 1 ]]; then
      local pid; pid=$(qemu_pid "$PIDFILE") && { kill -KILL "$pid" 2>/dev/null || true; wait_pid_gone "$pid" 10 || true; }
      rm -f "$STATE/run.qcow2" "$PIDFILE" "$STATE/run.env"
      log "boot failed; VM killed (set LABHOST_KEEP_ON_FAIL=1 to keep it for debugging)"
    fi
    exit 1
  fi
  curl -sf --max-time 10 "http://127.0.0.1:$DOCKER_PORT/images/$BASE_IMAGE/json" >/dev/null ||
    warn "$BASE_IMAGE is missing in the VM (golden image incomplete?)"
  log "lab host up in $(( $(date +%s) - started )) s: DOCKER_HOST=tcp://127.0.0.1:$DOCKER_PORT, ssh root@127.0.0.1 -p $SSH_PORT"
  echo "DOCKER_HOST=tcp://127.0.0.1:$DOCKER_PORT"
}

cmd_stop() {
  lock_state
  load_run_env
  if qemu_pid "$PIDFILE" >/dev/null; then
    shutdown_vm "$PIDFILE" "$SSH_PORT" "$STATE/admin_key" "$STOP_TIMEOUT" || warn "VM had to be killed"
  else
    log "VM not running"
  fi
  # paranoia: never pull the overlay from under a live qemu
  qemu_pid "$PIDFILE" >/dev/null && die "a VM is running again (pid $(<"$PIDFILE")); not removing its files"
  rm -f "$STATE/run.qcow2" "$PIDFILE" "$STATE/run.env"
  log "stopped; overlay removed"
}

cmd_status() {
  load_run_env
  local pid
  if ! pid=$(qemu_pid "$PIDFILE"); then
    echo "labhost: stopped"
    return 1
  fi
  if docker_ping "$DOCKER_PORT"; then
    echo "labhost: running (pid $pid) DOCKER_HOST=tcp://127.0.0.1:$DOCKER_PORT ssh=root@127.0.0.1:$SSH_PORT state=$STATE"
    return 0
  fi
  echo "labhost: running (pid $pid) but Docker does not answer on port $DOCKER_PORT (booting?)"
  return 2
}

# Add a public key to /root/.ssh/authorized_keys in the VM, through the Docker API:
# a throwaway labelled container bind-mounts the VM's /root/.ssh.
cmd_authorize() {
  local file=${1:-}
  [[ -n "$file" && -r "$file" ]] || die "usage: labhost.sh authorize PUBKEYFILE"
  load_run_env
  { qemu_pid "$PIDFILE" >/dev/null && docker_ping "$DOCKER_PORT"; } || die "lab VM is not running (labhost.sh start)"
  local key; key=$(grep -v '^[[:space:]]*$' "$file" | head -n 1)
  [[ "$key" =~ ^(ssh-|ecdsa-|sk-)[A-Za-z0-9@.-]+\ [A-Za-z0-9+/=]+(\ [A-Za-z0-9@._+:=/-]*)*$ ]] ||
    die "$file does not look like a single OpenSSH public key"
  local api="http://127.0.0.1:$DOCKER_PORT"
  # shellcheck disable=SC2016 # expanded inside the container
  local script='set -e; f=/target/authorized_keys; touch $f; grep -qxF -e "$KEY" $f || printf "%s\n" "$KEY" >>$f; chown 0:0 /target $f; chmod 700 /target; chmod 600 $f'
  script=${script//\\/\\\\}; script=${script//\"/\\\"}   # JSON-escape
  local body out id code
  body=$(printf '{"Image":"%s","Cmd":["sh","-c","%s"],"Env":["KEY=%s"],"Labels":{"lvslab.lab":"labhost-admin","lvslab.node":"admin"},"HostConfig":{"Binds":["/root/.ssh:/target"],"NetworkMode":"none"}}' \
    "$BASE_IMAGE" "$script" "$key")
  out=$(curl -sS --max-time 30 -X POST -H 'Content-Type: application/json' --data "$body" "$api/containers/create") ||
    die "container create failed: $out"
  id=$(sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p' <<<"$out")
  [[ -n "$id" ]] || die "container create failed: $out"
  # removed explicitly (not AutoRemove) so we can still read its exit code
  trap 'curl -s --max-time 30 -X DELETE "'"$api"'/containers/'"$id"'?force=1" >/dev/null || true' EXIT
  curl -sf --max-time 30 -X POST "$api/containers/$id/start" >/dev/null || die "container start failed"
  out=$(curl -sf --max-time 60 -X POST "$api/containers/$id/wait") || die "container wait failed"
  code=$(sed -n 's/.*"StatusCode":\([0-9]*\).*/\1/p' <<<"$out")
  if [[ "$code" != 0 ]]; then
    curl -s --max-time 10 "$api/containers/$id/logs?stdout=1&stderr=1" | tr -cd '[:print:]\n' >&2 || true
    die "installing the key failed (exit $code)"
  fi
  log "authorized $(cut -d' ' -f1 <<<"$key") key ${key##* } for root@127.0.0.1:$SSH_PORT"
}

cmd_ssh() {
  load_run_env
  qemu_pid "$PIDFILE" >/dev/null || die "lab VM is not running (labhost.sh start)"
  local opts; mapfile -t opts < <(ssh_opts "$STATE/admin_key" "$SSH_PORT")
  if (($# == 0)); then exec ssh -t "${opts[@]}" root@127.0.0.1; fi
  exec ssh "${opts[@]}" root@127.0.0.1 "$@"
}

cmd_prune() {
  local keep d; keep=$(golden_dir)
  load_run_env
  for d in "$CACHE_ROOT"/*/; do
    d=${d%/}
    [[ -f "$d/complete" && "$d" != "$keep" ]] || continue
    if [[ "${GOLDEN:-}" == "$d" ]] && qemu_pid "$PIDFILE" >/dev/null; then log "keeping $d (in use by the running VM)"; continue; fi
    log "removing old golden image $d"; safe_rm "$d"
  done
}

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

main() {
  case "${1:-}" in
  build)     cmd_build ;;
  start)     cmd_start ;;
  stop)      cmd_stop ;;
  status)    cmd_status ;;
  authorize) shift; cmd_authorize "$@" ;;
  ssh)       shift; cmd_ssh "$@" ;;
  prune)     cmd_prune ;;
  hash)      recipe_hash ;;
  missing-deps) missing_packages "${HOST_TOOLS[@]}" ;;
  *)         usage ;;
  esac
}
main "$@"; exit $?
