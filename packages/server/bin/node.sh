#!/bin/sh
# Runs node with the runtime settings the server is measured with: `npm start` / `npm run
# serve:built`, the Dockerfile and the benches' real servers all start through here, so what is
# measured is what runs. Usage: sh packages/server/bin/node.sh [node options] <entry> [args]
#
# V8 runs garbage collection and compilation on a pool of helper threads, four by default. On a
# machine of two cores or fewer, which also runs the database, those helpers take cores from the
# main thread in the middle of a scavenge it has to wait for: one helper gave PostgreSQL's p99
# at 1,000 msg/s 27 ms against 61 in the same run, less CPU per message, and PGlite's resident
# memory under that load 354-373 MiB against 504-510 (docs/benchmarks.md, "Session 15"). With
# more cores Node's default stands: nothing was measured there.
set -e
cores=$(nproc 2>/dev/null || echo 0)
if [ "$cores" -ge 1 ] && [ "$cores" -le 2 ]; then
  exec node --v8-pool-size=1 "$@"
fi
exec node "$@"
