#!/usr/bin/env bash
# pg_cluster.sh - starts and stops a throwaway PostgreSQL cluster for tests.
#
#   scripts/pg_cluster.sh start DIR [PORT] [--primary]
#     Creates DIR (it must not exist, or be an empty directory; its parent must
#     exist), runs initdb in DIR/data (UTF8, locale C, trust auth, superuser
#     "postgres") and starts the server listening only on 127.0.0.1:PORT, with
#     its unix socket in DIR and its log in DIR/log. Without PORT a free port in
#     20000-29999 is picked (and another one tried if the server cannot bind
#     it). Durability is off (fsync, synchronous_commit, full_page_writes), so
#     the cluster is fast and disposable. Creates the database "chitieu", then
#     prints exactly one line on stdout, the libpq conninfo
#       host=127.0.0.1 port=PORT user=postgres dbname=chitieu
#     and writes the same line to DIR/conninfo and the port to DIR/port.
#     Keep DIR short (e.g. mktemp -d /tmp/chpg.XXXXXX): the socket path
#     DIR/.s.PGSQL.PORT must fit in 107 bytes.
#     initdb and postgres refuse to run as root: as root, the system user
#     chitieu-pg is created if missing, DIR is given to it (mode 0700) and the
#     server runs as that user. Otherwise everything runs as the current user.
#     On failure: a message and the tail of the server log on stderr, a
#     nonzero exit, and no server left running (DIR is left for inspection;
#     "stop" removes it).
#     CHITIEU_PG_SETTINGS, when set, is added at the end of the settings
#     (postgresql.conf lines; a later line wins), e.g. the benchmarks'
#     shared_buffers.
#
#   scripts/pg_cluster.sh stop DIR
#     Stops the server (pg_ctl stop -m immediate) and removes DIR. Succeeds
#     when DIR does not exist, so it is safe to call twice or after a start
#     that failed half-way. Refuses to remove a directory that start did not
#     set up (one without the DIR/.pg_cluster marker) unless it is empty.
#
#   scripts/pg_cluster.sh start DIR [PORT] --primary
#     As start, for a cluster that a standby will stream from: wal_level
#     replica, max_wal_senders 10, "host replication all 127.0.0.1/32 trust"
#     in pg_hba.conf, full_page_writes and synchronous_commit on, and
#     synchronous_standby_names = '*': every commit then waits until a
#     standby has the commit on its disk, so writes block until a standby
#     (below) streams. The database "chitieu" is created before that wait
#     applies. fsync stays off: a killed server loses nothing, a crash of the
#     machine may.
#
#   scripts/pg_cluster.sh standby DIR PRIMARY_PORT [PORT]
#     A hot standby of the cluster listening on 127.0.0.1:PRIMARY_PORT
#     (started with --primary): pg_basebackup -R -X stream (as the user that
#     runs the clusters, see below) into DIR/data, then the standby is
#     started on 127.0.0.1:PORT (or a free port, as start picks it), with
#     application_name DIR's base name (. + - as _). It has the settings of
#     --primary except synchronous_standby_names = '', so once promoted
#     (pg_ctl promote, SELECT pg_promote()) it takes writes without waiting
#     for a standby of its own. Prints the same conninfo line as start and
#     writes DIR/conninfo and DIR/port; DIR, failures and "stop" are as for
#     start.
#
# Binaries come from /usr/lib/postgresql/15/bin, else pg_config --bindir, else
# the newest /usr/lib/postgresql/*/bin.
set -euo pipefail

PG_USER=chitieu-pg
MARKER=.pg_cluster
prog=pg_cluster.sh

die() { echo "$prog: $*" >&2; exit 1; }
usage() {
  echo "usage: $prog start DIR [PORT] [--primary] | $prog standby DIR PRIMARY_PORT [PORT] | $prog stop DIR" >&2
  exit 2
}

# PG* variables of the caller (PGHOST, PGPORT, PGOPTIONS, PGSERVICE, ...)
# must not redirect or alter our own client commands.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^PG' || true)
export LC_ALL=C

find_bindir() {
  local d
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo /usr/lib/postgresql/15/bin; return
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  fi
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  die "no PostgreSQL server binaries found (install postgresql: apt-get install postgresql)"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# as_owner USER CMD...: runs CMD as USER (root only) or directly.
as_owner() {
  local owner=$1; shift
  if is_root && [ "$owner" != root ]; then
    runuser -u "$owner" -- "$@"
  else
    "$@"
  fi
}

ensure_pg_user() {
  id -u "$PG_USER" >/dev/null 2>&1 && return 0
  command -v useradd >/dev/null 2>&1 || die "useradd not found; cannot create user $PG_USER"
  # Parallel starts may race to create the user (and to lock /etc/passwd).
  local i
  for i in 1 2 3 4 5; do
    (
      command -v flock >/dev/null 2>&1 && flock -w 30 9
      id -u "$PG_USER" >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
    ) 9>/tmp/.chitieu-pg-useradd.lock 2>/dev/null || true
    id -u "$PG_USER" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "could not create system user $PG_USER (useradd failed)"
}

# free_port: prints a port in 20000-29999 that nothing listens on at
# 127.0.0.1, starting from a random offset so parallel starts spread out.
free_port() {
  local start=$(( (RANDOM * 32768 + RANDOM + $$) % 10000 )) p i
  if command -v python3 >/dev/null 2>&1 &&
     p=$(python3 - "$start" <<'EOF' 2>/dev/null
import socket, sys
start = int(sys.argv[1])
for i in range(10000):
    p = 20000 + (start + i) % 10000
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    sys.exit(0)
sys.exit(1)
EOF
     ) && [ -n "$p" ]; then
    echo "$p"; return 0
  fi
  # Fallback: a port nobody accepts connections on.
  for ((i = 0; i < 10000; i++)); do
    p=$((20000 + (start + i) % 10000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------- start ----

dir=""          # absolute cluster directory
owner=""        # user that owns and runs the cluster
bindir=""
started=0       # 1 once pg_ctl start may have left a server running
mode=plain      # plain, primary (start --primary) or standby
primary_port="" # standby: the port of the primary on 127.0.0.1

show_log_tail() {
  if [ -n "$dir" ] && [ -s "$dir/log" ]; then
    echo "$prog: --- last lines of $dir/log ---" >&2
    tail -n 30 "$dir/log" >&2 || true
    echo "$prog: --- end of log ---" >&2
  fi
}

start_fail() {
  echo "$prog: start failed: $*" >&2
  show_log_tail
  if [ "$started" = 1 ]; then
    as_owner "$owner" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$dir" ] && echo "$prog: $dir is left for inspection; remove it with: $prog stop $dir" >&2
  exit 1
}

write_conf() {  # write_conf PORT: the settings file included by postgresql.conf
  local conf="$dir/data/chitieu.conf"
  cat >"$conf" <<EOF
# Written by scripts/pg_cluster.sh: a disposable test cluster.
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
logging_collector = off
EOF
  if [ "$mode" != plain ]; then
    # Replication (start --primary, standby); a later line wins.
    local sync_names="'*'"
    [ "$mode" = standby ] && sync_names="''"
    cat >>"$conf" <<EOF
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = 256MB
hot_standby = on
full_page_writes = on
synchronous_commit = on
synchronous_standby_names = $sync_names
EOF
  fi
  if [ -n "${CHITIEU_PG_SETTINGS:-}" ]; then
    printf '# CHITIEU_PG_SETTINGS of the caller\n%s\n' "$CHITIEU_PG_SETTINGS" >>"$conf"
  fi
  is_root && chown "$owner:" "$conf"
  return 0
}

cmd_start() {
  local arg=$1 want_port=${2:-} parent base port out attempt off tries
  if [ -n "$want_port" ]; then
    [[ $want_port =~ ^[0-9]+$ ]] && [ "$want_port" -ge 1 ] && [ "$want_port" -le 65535 ] ||
      die "invalid port: $want_port"
  fi
  [ -n "$arg" ] || die "empty DIR"
  bindir=$(find_bindir)

  # Resolve DIR to an absolute path (the socket directory must be absolute).
  base=$(basename -- "$arg")
  parent=$(dirname -- "$arg")
  [ -d "$parent" ] || die "parent directory of $arg does not exist"
  parent=$(cd -- "$parent" && pwd -P)
  case "$base" in .|..|/) die "invalid DIR: $arg" ;; esac
  dir="${parent%/}/$base"
  [[ $dir =~ ^[A-Za-z0-9._/+-]+$ ]] ||
    die "DIR may contain only letters, digits and . _ / + - (got $dir)"
  # sun_path is 108 bytes with the NUL: DIR + "/.s.PGSQL.NNNNN" <= 107.
  [ "${#dir}" -le 92 ] ||
    die "DIR is too long for a unix socket path (${#dir} > 92 bytes): use e.g. mktemp -d /tmp/chpg.XXXXXX"

  if [ -e "$dir" ] || [ -L "$dir" ]; then
    [ -d "$dir" ] && [ ! -L "$dir" ] || die "$dir exists and is not a directory"
    [ -z "$(ls -A -- "$dir")" ] || die "$dir exists and is not empty"
    chmod 0700 "$dir"
  else
    mkdir -m 0700 -- "$dir" || die "cannot create $dir"
  fi
  : >"$dir/$MARKER"
  cd /   # the cluster user may not be able to read the caller's directory

  if is_root; then
    owner=$PG_USER
    ensure_pg_user
    chown "$owner:" "$dir" "$dir/$MARKER"
    runuser -u "$owner" -- test -w "$dir" -a -x "$dir" ||
      die "user $owner cannot write $dir (is a parent directory closed to other users?)"
  else
    owner=$(id -un)
  fi

  set -E
  trap 'start_fail "unexpected error (line $LINENO)"' ERR

  if [ "$mode" = standby ]; then
    # A copy of the primary: its postgresql.conf already includes chitieu.conf,
    # which write_conf below rewrites for this server.
    local app=${base//[.+-]/_}
    if ! out=$(as_owner "$owner" "$bindir/pg_basebackup" -D "$dir/data" -R -X stream -c fast --no-sync \
                 -d "host=127.0.0.1 port=$primary_port user=postgres application_name=$app" 2>&1); then
      printf '%s\n' "$out" | tail -n 20 >&2
      start_fail "pg_basebackup from 127.0.0.1:$primary_port failed"
    fi
  else
    if ! out=$(as_owner "$owner" "$bindir/initdb" -D "$dir/data" -E UTF8 --locale=C -A trust -U postgres \
                 --no-sync --no-instructions 2>&1); then
      printf '%s\n' "$out" | tail -n 20 >&2
      start_fail "initdb failed"
    fi
    echo "include 'chitieu.conf'" >>"$dir/data/postgresql.conf"
  fi
  if [ "$mode" = primary ] &&
     ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' \
       "$dir/data/pg_hba.conf"; then
    echo "host replication all 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
  fi

  # With an automatic port, a parallel start (or anything else) may grab the
  # port between the check and postgres binding it: then try another port.
  tries=1
  [ -z "$want_port" ] && tries=5
  for ((attempt = 1; ; attempt++)); do
    if [ -n "$want_port" ]; then
      port=$want_port
    else
      port=$(free_port) || start_fail "no free port in 20000-29999"
    fi
    write_conf "$port"
    off=0
    [ -f "$dir/log" ] && off=$(stat -c %s "$dir/log")
    started=1
    if out=$(as_owner "$owner" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start 2>&1); then
      break
    fi
    if [ "$attempt" -lt "$tries" ] && [ -f "$dir/log" ] &&
       tail -c +"$((off + 1))" "$dir/log" | grep -q 'could not bind IPv4 address.*in use'; then
      echo "$prog: port $port was taken, trying another" >&2
      continue
    fi
    printf '%s\n' "$out" | tail -n 5 >&2
    start_fail "pg_ctl start failed (port $port)"
  done

  "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 30 ||
    start_fail "server does not accept connections on 127.0.0.1:$port"
  # A standby has it from its primary. A primary's commits wait for a
  # standby, but not this one, made before any standby can exist.
  if [ "$mode" != standby ] &&
     ! out=$(PGOPTIONS='-c synchronous_commit=local' "$bindir/createdb" -h 127.0.0.1 -p "$port" \
               -U postgres chitieu 2>&1); then
    printf '%s\n' "$out" >&2
    start_fail "createdb chitieu failed"
  fi

  trap - ERR
  local conninfo="host=127.0.0.1 port=$port user=postgres dbname=chitieu"
  echo "$conninfo" >"$dir/conninfo"
  echo "$port" >"$dir/port"
  echo "$conninfo"
}

# ----------------------------------------------------------------- stop ----

cmd_stop() {
  local arg=$1 pid cwd i
  [ -n "$arg" ] || die "empty DIR"
  if [ ! -e "$arg" ] && [ ! -L "$arg" ]; then
    return 0
  fi
  [ -d "$arg" ] && [ ! -L "$arg" ] || die "$arg is not a directory"
  dir=$(cd -- "$arg" && pwd -P)
  [ "$dir" != / ] || die "refusing to remove /"
  if [ ! -e "$dir/$MARKER" ] && [ -n "$(ls -A -- "$dir")" ]; then
    die "$dir was not set up by $prog start (no $MARKER); not removing it"
  fi
  cd /

  if [ -f "$dir/data/postmaster.pid" ]; then
    owner=$(stat -c %U "$dir/data")
    bindir=$(find_bindir)
    as_owner "$owner" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    # If pg_ctl could not stop it, kill the postmaster recorded in the pid
    # file, but only if it really is the server of this data directory.
    pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
    if [[ $pid =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ]; then
      cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
      if [ "$cwd" = "$dir/data" ]; then
        kill -KILL "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
          [ -d "/proc/$pid" ] || break
          sleep 0.1
        done
      fi
    fi
  fi
  rm -rf -- "$dir" || die "could not remove $dir"
}

case "${1:-}" in
  start)
    if [ $# -ge 3 ] && [ "${!#}" = --primary ]; then
      mode=primary
      set -- "${@:1:$#-1}"
    fi
    [ $# -ge 2 ] && [ $# -le 3 ] || usage; cmd_start "$2" "${3:-}" ;;
  standby)
    [ $# -ge 3 ] && [ $# -le 4 ] || usage
    [[ $3 =~ ^[0-9]+$ ]] && [ "$3" -ge 1 ] && [ "$3" -le 65535 ] || die "invalid primary port: $3"
    mode=standby primary_port=$3
    cmd_start "$2" "${4:-}" ;;
  stop)  [ $# -eq 2 ] || usage; cmd_stop "$2" ;;
  *) usage ;;
esac
