"""Scale: ten simulated Asterisk nodes of 100 agents each, one AMI bridge, 200 wallboards, the queue_log loader.

Everything real on 127.0.0.1, each part in its own process as in production:

* the simulators: one ``callcenter.simulator`` (engine, AMI server, queue_log writer, seeded workload)
  per node, each with its own AMI port, configuration and queue_log file, all in one process (a node
  costs well under 1 % of a core at 3,000 calls an hour, see docs/performance.md, "Asterisk simulator");
  the configuration of each node is rendered from the database (``bootstrap_configuration``) as for the
  demo node: servers, queues, a team per node, agents and memberships are rows of the benchmark's own
  database;
* ONE AMI bridge (``run_bridge``) holding the AMI stream of every node, with every registered subscriber;
* the web processes: uvicorn with the project's ASGI stack and the wallboard consumer (``--web``
  processes, the boards spread evenly over them);
* the browsers: ``--boards`` WebSocket clients (``websockets``), signed in as an administrator (they see
  the whole center), in ``--browser-processes`` processes; like the page, a board that cannot open its
  connection tries again (three attempts of 60 s);
* the queue_log loader: every ``--loader-interval`` seconds, ``load_queue_log`` on each node's file in
  turn, as a Celery worker would run the beat's ``load_queue_logs`` fan-out;
* this process: starts the others, sends the probes and samples CPU.

Figures (printed, and written to ``benchmarks/out/scale.json``):

* bridge CPU: CPU seconds of the bridge process (``/proc/<pid>/stat``, every thread) per wall second,
  mean over the measured run and peak over its 5 s windows; the other processes' mean beside it;
* event-to-board latency: ten probes a second, each a ``QueuePause`` of one of two probe agents per
  node with a unique reason, sent to that node's simulator over an action-only AMI session; the clock
  starts just before the action is written and stops when a browser parses the frame that shows that
  reason (the QueueMemberPause goes simulator -> bridge -> Redis -> web process -> browser). The probe
  agents sit in a queue of their own that gets no calls. At the end each probe agent gets a last
  reason and every board must show all of them ("final state");
* loader lag: before each load of a node's file the loader reads the first line it has not loaded yet;
  when the load commits, the lag is the age of that line (the oldest line that was waiting). Max and
  mean over the loads of the measured run (queue_log epochs are whole seconds: +-1 s);
* Redis memory: ``INFO memory`` used_memory (the whole instance, shared with whatever else uses it)
  before the bridge starts and at the end, and the ``MEMORY USAGE`` of the benchmark's own keys;
* beside them: the bridge's events and deltas per second and publish lag (its Prometheus metrics), how
  long the boards took to get their first snapshot, and what one board's snapshot costs (measured in
  this process at the end).

    cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.scale            # full size, 120 s
    cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.scale --nodes 2 --agents 20 --boards 20 --web 1 \
        --browser-processes 1 --seconds 20

The database is ``cc_bench_scale`` (or BENCH_DATABASE) on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432), created and migrated if needed; its benchmark rows are brought to
what the options ask for on every run. Redis is the server of REDIS_URL (default 127.0.0.1:6379) with the database number replaced
by 9 (or BENCH_REDIS_DB): that database is flushed before and after the run, and nothing else. The
channel layer uses a prefix of its own, so that other users of the same Redis do not see its messages.
Where the time goes: ``--bridge-stages`` times the bridge's stages (wall time, waiting included: reduce,
store, each group publish, the channel layer's connection lock, the wait in the outbox) by wrapping
them in the bridge process only; ``--profile-bridge`` and ``--profile-web`` run the bridge or the first
web process under cProfile (CPU time) over the measured run and write the top functions to
``benchmarks/out/scale-bridge-profile.txt`` / ``scale-web-profile.txt``. Take CPU and latency figures
from runs without the profilers.
"""
