#!/usr/bin/env bash
# Runs every test of Loop on a fresh machine: installs what the tests need when it is missing,
# runs `dotnet test Loop.sln`, fails when any test fails, and ends with one line
# "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

# What the tests need beyond the .NET SDK, each installed only when missing.
need_packages=()
command -v promtool >/dev/null || need_packages+=(prometheus)   # promtool checks the exposition format
command -v prometheus-alertmanager >/dev/null || need_packages+=(prometheus-alertmanager)   # R-Axis alerts are read back from a real one
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_packages+=(postgresql)   # the journal's PostgreSQL provider runs against a real server
command -v chromium >/dev/null || need_packages+=(chromium)   # a real browser tries to drive /bus from another origin
install_missing() {
  [ ${#need_packages[@]} -eq 0 ] && return 0
  echo "test.sh: installing ${need_packages[*]}"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "${need_packages[@]}"
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need_packages[@]}"; fi
}
command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is not on PATH; install .NET 10 first."; exit 2; }
install_missing || { echo "test.sh: could not install ${need_packages[*]}"; exit 2; }

# A throwaway PostgreSQL cluster for the journal tests: initdb in a temp dir, started as a non-root
# user on a free loopback port, removed on exit. The tests find it in LOOP_TEST_POSTGRES.
pg_dir=""
stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pg_dir"
}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/loop-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U loop -A trust --no-sync >"$pg_dir/initdb.log" 2>&1 ||
    { echo "test.sh: initdb failed:"; cat "$pg_dir/initdb.log"; return 1; }
  for port in $(shuf -i 20000-60000 -n 10); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue   # taken
    if as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" \
        -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
      export LOOP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=loop;Database=postgres"
      echo "test.sh: PostgreSQL $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$port (throwaway, $pg_dir)"
      return 0
    fi
  done
  echo "test.sh: could not start PostgreSQL:"; cat "$pg_dir/server.log"; return 1
}

log=$(mktemp)
trap 'rm -f "$log"; stop_postgres' EXIT
start_postgres || exit 2
# A hang fails the run (with a dump of who hung) instead of eating CI's 90 minutes.
# One test assembly at a time (-m:1): the runtime's stress test must not starve the engine integration tests.
dotnet test Loop.sln -c Release -m:1 --blame-hang-timeout 5m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each test assembly prints one summary line: "Passed!  - Failed: 0, Passed: 81, Skipped: 0, Total: 81".
counts=$(grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tr -dc '0-9,\n' |
  awk -F, '{ f += $1; p += $2; s += $3 } END { print p + 0, f + 0, s + 0 }')
read -r passed failed skipped <<<"$counts"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: the test run failed before or outside the tests (build error, crash or hang; see above)"
  failed=1
fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
