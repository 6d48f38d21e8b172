#!/usr/bin/env bash
# Emulated hosts on one Linux machine, for the end-to-end tests: network namespaces joined by a
# bridge, an rsh agent that lets mpirun place ranks in them, and optionally a real 2-node Slurm.
#
#   hosts.sh up DIR N            bridge namespace + N host namespaces h0..h(N-1) (192.0.2.10+i);
#                                writes DIR/hosts.env, DIR/hosts, DIR/rsh-agent
#   hosts.sh run DIR I CMD...    exec CMD in host I's namespace with hostname hI (env preserved)
#   hosts.sh link DIR I down|up  take host I's link down / bring it back (a lost host)
#   hosts.sh delay DIR I MS      MS ms of latency each way on host I's link (0: none)
#   hosts.sh pids DIR            pids still running in any host namespace, fixture daemons excepted
#   hosts.sh slurm-up DIR        munged + slurmctld + slurmd on h0 and h1; writes DIR/slurm.conf
#   hosts.sh slurm-down DIR      stops the Slurm and munge daemons of slurm-up
#   hosts.sh down DIR            stops everything, deletes the namespaces (idempotent)
#   hosts.sh check               can namespaces be made here? (exit 1 with the reason if not)
#   hosts.sh check-slurm         are slurmctld, slurmd, munged installed? (likewise)
#   hosts.sh check-delay         does tc netem work here (needed by delay)? (likewise)
#
# Safety: 192.0.2.0/24 (TEST-NET-1) exists only inside the namespaces made here. Nothing in this
# script talks to those addresses from the root namespace: every such process runs in a host's or
# the bridge's namespace (`ip netns exec`; the daemons through `nsenter --net`, see start_daemon). Namespace names carry a random prefix (eh + 6 hex digits, or $EH_PREFIX), so
# fixtures can coexist. /etc/hosts of the root namespace is never touched: each namespace gets
# /etc/netns/NS/hosts, which `ip netns exec` mounts over /etc/hosts.
set -euo pipefail

SUBNET=192.0.2
CTL_ADDR=$SUBNET.1
CTL_NAME=ctl
SLURMCTLD_PORT=16817
SLURMD_PORT=16818
SYS_PATH=/usr/sbin:/usr/bin:/sbin:/bin

die() { echo "hosts.sh: $*" >&2; exit 1; }
# a system tool, never a stand-in that a test put first on PATH
tool() { PATH=$SYS_PATH command -v "$1" || die "$1 is not installed"; }

load_env() {
  local dir=$1
  [[ -f $dir/hosts.env ]] || die "$dir/hosts.env is missing: run 'hosts.sh up $dir N' first"
  # shellcheck disable=SC1091
  source "$dir/hosts.env"
}

host_ns() { # I -> namespace name of host I
  local v="NS_$1"
  [[ $1 =~ ^[0-9]+$ ]] && (($1 < N)) || die "no host $1 (N=$N)"
  echo "${!v}"
}

# --- check ---------------------------------------------------------------------------------------

cmd_check() {
  [[ $(id -u) == 0 ]] || { echo "emulated hosts need root (network namespaces); uid is $(id -u)"; exit 1; }
  local t
  for t in ip unshare nsenter tc hostname setsid; do
    PATH=$SYS_PATH command -v $t >/dev/null || { echo "emulated hosts need '$t', which is not installed"; exit 1; }
  done
  local a="ehchk$$a" b="ehchk$$b" err
  if ! err=$( { ip netns add "$a" && ip netns add "$b" && ip -n "$a" link add v0 type veth peer name eth0 netns "$b" \
               && ip netns exec "$b" unshare --uts sh -c 'hostname ehchk' ; } 2>&1); then
    ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true
    echo "cannot create network namespaces with veth pairs here: $err"; exit 1
  fi
  ip netns del "$a"; ip netns del "$b"
  rm -rf "/etc/netns/$a" "/etc/netns/$b"
}

cmd_check_delay() {
  cmd_check >/dev/null || cmd_check
  local a="ehchk$$d" err
  ip netns add "$a"
  if ! err=$(tc -n "$a" qdisc add dev lo root netem delay 1ms 2>&1); then
    ip netns del "$a"
    echo "tc netem is not available here ($err; the kernel needs CONFIG_NET_SCH_NETEM / sch_netem)"; exit 1
  fi
  ip netns del "$a"
}

cmd_check_slurm() {
  local t missing=()
  for t in slurmctld slurmd slurmstepd munged munge unmunge sinfo srun scontrol; do
    PATH=$SYS_PATH command -v $t >/dev/null || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || { echo "Slurm/munge not installed (missing: ${missing[*]}; apt-get install slurm-wlm munge)"; exit 1; }
}

# --- up ------------------------------------------------------------------------------------------

cmd_up() {
  local dir=$1 n=$2
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 200)) || die "N must be 1..200, not '$n'"
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd -P)
  [[ -f $dir/hosts.env ]] && cmd_down "$dir"
  local prefix=${EH_PREFIX:-eh$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')}
  [[ $prefix =~ ^[a-zA-Z0-9]{2,10}$ ]] || die "prefix '$prefix' must be 2-10 letters/digits"
  if ip netns list | awk '{print $1}' | grep -q "^$prefix-"; then die "namespaces with prefix $prefix- exist already"; fi
  local br=$prefix-br i
  { echo "# emulated hosts (tests/e2e/hosts/hosts.sh); shell-sourceable"
    echo "EH_DIR=$dir"; echo "PREFIX=$prefix"; echo "N=$n"; echo "BRIDGE_NS=$br"
    echo "CTL_ADDR=$CTL_ADDR"; echo "CTL_NAME=$CTL_NAME"
    local all=""
    for ((i = 0; i < n; i++)); do
      echo "NS_$i=$prefix-h$i"; echo "ADDR_$i=$SUBNET.$((10 + i))"; echo "NAME_$i=h$i"; all+=" $prefix-h$i"
    done
    echo "HOST_NAMESPACES=\"${all# }\""
  } >"$dir/hosts.env"
  # from here on, a failure undoes what was made
  UP_DIR=$dir
  trap '[[ -n ${UP_OK:-} ]] || cmd_down "$UP_DIR" >/dev/null 2>&1 || true' EXIT
  source "$dir/hosts.env"
  for ((i = 0; i < n; i++)); do echo "$SUBNET.$((10 + i)) h$i"; done >"$dir/hosts"
  local etc_hosts
  etc_hosts=$(printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n%s %s\n' "$CTL_ADDR" "$CTL_NAME"; cat "$dir/hosts")

  ip netns add "$br"
  mkdir -p "/etc/netns/$br"; echo "$etc_hosts" >"/etc/netns/$br/hosts"
  ip -n "$br" link set lo up
  ip -n "$br" link add br0 type bridge forward_delay 0 stp_state 0
  ip -n "$br" addr add "$CTL_ADDR/24" dev br0
  ip -n "$br" link set br0 up
  for ((i = 0; i < n; i++)); do
    local ns=$prefix-h$i
    ip netns add "$ns"
    mkdir -p "/etc/netns/$ns"; echo "$etc_hosts" >"/etc/netns/$ns/hosts"
    # both ends are made inside the namespaces: no interface ever appears in the root namespace
    ip -n "$br" link add "vh$i" type veth peer name eth0 netns "$ns"
    ip -n "$br" link set "vh$i" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$SUBNET.$((10 + i))/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
  write_agent "$dir"
  UP_OK=1
}

write_agent() { # DIR: the Open MPI rsh agent, ssh's stand-in: `rsh-agent [ssh options] HOST CMD...`
  local dir=$1 i cases=""
  for ((i = 0; i < N; i++)); do
    cases+="  $SUBNET.$((10 + i))|h$i) ns=$PREFIX-h$i name=h$i ;;"$'\n'
  done
  cat >"$dir/rsh-agent" <<EOF
#!/bin/sh
# Open MPI rsh agent for the emulated hosts in $dir (written by hosts.sh up).
# Like ssh: the remote command arrives as words that the remote shell evaluates, so they are
# joined with spaces and run through sh -c inside the host's namespace, with its hostname.
while [ \$# -gt 0 ]; do
  case "\$1" in
    -l|-p|-o|-i|-F|-E|-b|-c|-e|-m|-O|-Q|-S|-W|-w|-B|-D|-I|-J|-L|-R) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
[ \$# -ge 1 ] || { echo "rsh-agent: no host given" >&2; exit 255; }
host=\$1; shift
case "\$host" in
$cases  *) echo "rsh-agent: \$host is not an emulated host of $dir" >&2; exit 255 ;;
esac
# EH_PRIVATE_DIRS (colon-separated folders): this host gets empty ones of its own there (a tmpfs in
# the mount namespace ip netns exec makes), as a host that shares no file system with the first
exec $(tool ip) netns exec "\$ns" $(tool unshare) --uts sh -c 'hostname "\$0" && for d in \$(echo "\${EH_PRIVATE_DIRS:-}" | tr : " "); do mount -t tmpfs legate-private "\$d" || exit 255; done && exec sh -c "\$*"' "\$name" "\$@"
EOF
  chmod 755 "$dir/rsh-agent"
}

# --- run, link, delay, pids ----------------------------------------------------------------------

cmd_run() {
  local dir=$1 i=$2; shift 2
  (($# > 0)) || die "run: no command"
  load_env "$dir"
  local ns; ns=$(host_ns "$i")
  exec "$(tool ip)" netns exec "$ns" "$(tool unshare)" --uts sh -c 'hostname "$0" && exec "$@"' "h$i" "$@"
}

cmd_link() {
  local dir=$1 i=$2 state=$3
  [[ $state == up || $state == down ]] || die "link: state must be up or down, not '$state'"
  load_env "$dir"
  ip -n "$(host_ns "$i")" link set eth0 "$state"
}

cmd_delay() {
  local dir=$1 i=$2 ms=$3
  [[ $ms =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "delay: MS must be a number of milliseconds (0.05 for 50 us), not '$ms'"
  load_env "$dir"
  local ns; ns=$(host_ns "$i")
  # each way: what host i sends (its eth0) and what it receives (the bridge's port to it)
  if [[ $ms =~ ^0+(\.0+)?$ ]]; then
    tc -n "$ns" qdisc del dev eth0 root 2>/dev/null || true
    tc -n "$BRIDGE_NS" qdisc del dev "vh$i" root 2>/dev/null || true
  else
    local err
    err=$(tc -n "$ns" qdisc replace dev eth0 root netem delay "${ms}ms" 2>&1) ||
      die "delay: tc netem failed: $err (the kernel needs CONFIG_NET_SCH_NETEM; see 'hosts.sh check-delay')"
    tc -n "$BRIDGE_NS" qdisc replace dev "vh$i" root netem delay "${ms}ms"
  fi
}

daemon_pids() { # DIR: pids of the daemons the fixture started (from its pid files)
  local f
  for f in "$1"/run/*.pid; do
    [[ -f $f ]] && tr -dc '0-9\n' <"$f" && echo
  done | grep -E '^[0-9]+$' | sort -un || true
}

cmd_pids() {
  local dir=$1 ns
  load_env "$dir"
  local skip; skip=$(daemon_pids "$dir")
  for ns in $HOST_NAMESPACES; do
    ip netns pids "$ns" 2>/dev/null || true
  done | grep -vxF -f <(echo "${skip:-none}") | sort -n || true
}

# --- Slurm ---------------------------------------------------------------------------------------

start_daemon() { # DIR NAME NS HOSTNAME CMD...: CMD in namespace NS, in the background, pid in DIR/run/NAME.pid
  local dir=$1 name=$2 ns=$3 hn=$4; shift 4
  # not `ip netns exec`: it mounts a fresh /sys, without the cgroup file systems that slurmd
  # needs ("No filesystem mounted on /sys/fs/cgroup"). The network namespace, a private mount
  # namespace with the namespace's hosts file, and an own hostname do the same otherwise.
  setsid "$(tool nsenter)" --net="/run/netns/$ns" "$(tool unshare)" --mount --uts sh -c \
    'mount --bind "/etc/netns/$1/hosts" /etc/hosts && hostname "$0" && shift && exec "$@"' "$hn" "$ns" "$@" \
    </dev/null >"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/run/$name.pid"
}

stop_pids() { # PID...: TERM, up to 10 s, then KILL
  local p t alive
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((t = 0; t < 100; t++)); do
    alive=()
    for p in "$@"; do
      # a zombie (nobody reaps orphans here) counts as gone
      if [[ -e /proc/$p ]] && [[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]]; then alive+=("$p"); fi
    done
    ((${#alive[@]} == 0)) && return 0
    sleep 0.1
  done
  kill -KILL "${alive[@]}" 2>/dev/null || true
}

cmd_slurm_down() {
  local dir=$1
  [[ -d $dir/run ]] || return 0
  # slurmd first, then slurmctld, munged last (the others authenticate through it)
  local f order=()
  for f in "$dir"/run/slurmd-*.pid; do [[ -f $f ]] && order+=("$f"); done
  [[ -f $dir/run/slurmctld.pid ]] && order+=("$dir/run/slurmctld.pid")
  [[ -f $dir/run/munged.pid ]] && order+=("$dir/run/munged.pid")
  for f in "${order[@]}"; do
    # shellcheck disable=SC2046
    stop_pids $(tr -dc '0-9' <"$f")
    rm -f "$f"
  done
}

cmd_slurm_up() {
  local dir=$1
  dir=$(cd "$dir" && pwd -P)
  load_env "$dir"
  (cmd_check_slurm) || die "$(cmd_check_slurm)"
  ((N >= 2)) || die "slurm-up needs at least 2 hosts (N=$N)"
  cmd_slurm_down "$dir"
  local t0=$SECONDS
  local mdir=$dir/munge sdir=$dir/slurm
  rm -rf "$sdir"
  rm -f "$dir"/log/munged.* "$dir"/log/slurm*
  mkdir -p "$mdir" "$sdir/state" "$sdir/spool.h0" "$sdir/spool.h1" "$dir/log" "$dir/run"
  chmod 755 "$mdir" # clients need to reach the socket; the key itself is 0400
  if [[ ! -s $mdir/munge.key ]]; then
    (umask 077; head -c 1024 /dev/urandom >"$mdir/munge.key")
  fi
  chmod 400 "$mdir/munge.key"
  local sock=$mdir/munge.socket
  rm -f "$sock" "$sock.lock"
  # a socket is a file: clients in every namespace reach it by its path
  start_daemon "$dir" munged "$BRIDGE_NS" "$CTL_NAME" "$(tool munged)" --foreground --force \
    --key-file="$mdir/munge.key" --socket="$sock" --pid-file="$mdir/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$mdir/munged.seed" --origin="$CTL_ADDR" --num-threads=2
  local i ok=""
  for ((i = 0; i < 100; i++)); do
    if [[ -S $sock ]] && "$(tool munge)" -S "$sock" -n 2>/dev/null | "$(tool unmunge)" -S "$sock" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.1
  done
  [[ -n $ok ]] || slurm_fail "$dir" "munged did not answer on $sock within 10 s"

  : >"$sdir/plugstack.conf" # no SPANK plugins from /etc/slurm
  cat >"$dir/slurm.conf" <<EOF
# Slurm for the emulated hosts in $dir (written by hosts.sh slurm-up)
ClusterName=$PREFIX
SlurmctldHost=$CTL_NAME($CTL_ADDR)
SlurmctldPort=$SLURMCTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
MailProg=/bin/true
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
PlugStackConfig=$sdir/plugstack.conf
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=30
MessageTimeout=10
KillWait=2
InactiveLimit=0
MinJobAge=30
StateSaveLocation=$sdir/state
SlurmdSpoolDir=$sdir/spool.%n
SlurmctldPidFile=$sdir/slurmctld.pid
SlurmdPidFile=$sdir/slurmd.%n.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.%n.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=h0 NodeAddr=$ADDR_0 CPUs=2 RealMemory=1000 State=UNKNOWN
NodeName=h1 NodeAddr=$ADDR_1 CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=main Nodes=h0,h1 Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF
  export SLURM_CONF=$dir/slurm.conf
  start_daemon "$dir" slurmctld "$BRIDGE_NS" "$CTL_NAME" "$(tool slurmctld)" -D -c -f "$SLURM_CONF"
  for i in 0 1; do
    local ns="NS_$i"
    start_daemon "$dir" "slurmd-h$i" "${!ns}" "h$i" "$(tool slurmd)" -D -N "h$i" -f "$SLURM_CONF"
  done
  local timeout=${EH_SLURM_TIMEOUT:-60} states=""
  while ((SECONDS - t0 < timeout)); do
    states=$(ip netns exec "$NS_0" "$(tool sinfo)" -h -N -p main -o '%N %t' 2>/dev/null | sort -u || true)
    [[ $states == $'h0 idle\nh1 idle' ]] && return 0
    local f
    for f in "$dir"/run/*.pid; do
      local p; p=$(tr -dc '0-9' <"$f")
      [[ -e /proc/$p ]] && [[ $(awk '{print $3}' "/proc/$p/stat") != Z ]] || slurm_fail "$dir" "$(basename "$f" .pid) exited"
    done
    sleep 0.5
  done
  slurm_fail "$dir" "nodes not idle after ${timeout} s (sinfo: ${states:-no answer})"
}

slurm_fail() { # DIR MESSAGE: the reason, the daemons' log tails, then stop them
  local dir=$1 f
  {
    echo "hosts.sh slurm-up: $2"
    for f in "$dir"/log/munged.log "$dir"/log/slurmctld.log "$dir"/log/slurmd.h*.log "$dir"/log/*.out; do
      [[ -s $f ]] || continue
      echo "--- tail of $f"; tail -n 15 "$f"
    done
  } >&2
  cmd_slurm_down "$dir" || true
  exit 1
}

# --- down ----------------------------------------------------------------------------------------

kill_ns() { # NS: KILL every process in it, until none is left
  local ns=$1 t pids
  for ((t = 0; t < 50; t++)); do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # zombies stay listed until reaped; they hold nothing
    local live=() p
    for p in $pids; do
      [[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) == Z ]] || live+=("$p")
    done
    ((${#live[@]} == 0)) && return 0
    kill -KILL "${live[@]}" 2>/dev/null || true
    sleep 0.1
  done
  echo "hosts.sh: processes left in $ns: $pids" >&2
}

cmd_down() {
  local dir=$1
  [[ -d $dir ]] || return 0
  [[ -f $dir/hosts.env ]] || return 0
  (
    set +e
    # shellcheck disable=SC1091
    source "$dir/hosts.env"
    cmd_slurm_down "$dir"
    local ns all
    all=$(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX-" || true)
    # host namespaces first (their processes may hold the daemons' attention), then the bridge
    for ns in $HOST_NAMESPACES $all $BRIDGE_NS; do
      ip netns list | awk '{print $1}' | grep -qxF "$ns" || { rm -rf "/etc/netns/$ns"; continue; }
      kill_ns "$ns"
      ip netns del "$ns" 2>/dev/null
      rm -rf "/etc/netns/$ns"
    done
    true
  )
}

# --- main ----------------------------------------------------------------------------------------

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
(($# >= 1)) || usage
sub=$1; shift
case $sub in
  check) cmd_check ;;
  check-slurm) cmd_check_slurm ;;
  check-delay) cmd_check_delay ;;
  up) (($# == 2)) || usage; cmd_up "$@" ;;
  run) (($# >= 3)) || usage; cmd_run "$@" ;;
  link) (($# == 3)) || usage; cmd_link "$@" ;;
  delay) (($# == 3)) || usage; cmd_delay "$@" ;;
  pids) (($# == 1)) || usage; cmd_pids "$@" ;;
  slurm-up) (($# == 1)) || usage; cmd_slurm_up "$@" ;;
  slurm-down) (($# == 1)) || usage; cmd_slurm_down "$@" ;;
  down) (($# == 1)) || usage; cmd_down "$@" ;;
  *) usage ;;
esac
