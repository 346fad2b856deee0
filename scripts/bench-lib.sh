# Shell functions shared by the benchmark scripts. Source it after setting: bin (the gazette
# binary), work (a scratch folder), seconds and connections (wrk settings).

# A free loopback port, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

now() { date +%s.%N; }

# serve_site DATA PORT [flags...]: starts `gazette serve` on the site, waits until it answers,
# prints its PID.
serve_site() {
  local data=$1 port=$2
  shift 2
  "$bin" serve --data "$data" --listen "127.0.0.1:$port" --quiet "$@" >"$work/serve-$port.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 200); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { echo "$pid"; return; }
    sleep 0.05
  done
  echo "server on $port did not start" >&2
  cat "$work/serve-$port.log" >&2
  exit 1
}

# run_wrk URL -> "requests_per_second p99_ms"
run_wrk() {
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$1" >"$work/wrk.txt" 2>&1
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$work/wrk.txt")
  echo "$rps ${p99:-0}"
}
