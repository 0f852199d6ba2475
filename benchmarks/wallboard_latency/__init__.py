"""Wallboard latency: an AMI event written to the bridge's socket, to the frame a browser's WebSocket receives.

Three processes on 127.0.0.1, as in production: this one plays Asterisk (an AMI server that paces the
recorded s01-s07 events, renumbered per copy, at the requested rate) and the browsers (WebSocket
clients of the ``websockets`` package, signed in as an administrator through a session cookie); a second
process runs the AMI bridge (``callcenter.live.bridge.run_bridge``: parse, reduce, Redis store, channel
layer); a third runs uvicorn with the project's ASGI stack and the wallboard consumer. The channel layer
is channels-redis' pub/sub layer on the real Redis.

Latency is measured with probe events mixed into the stream: ten a second, each a QueueMemberPause of one
of 20 probe members with a unique pause reason. Each client notes when the frame carrying that reason
arrives; the time starts just before the event is written to the bridge's socket. At the end every
probe member gets a last pause reason and every client must show all of them (no state lost).

    cd /work/main && DJANGO_DEBUG=1 REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m benchmarks.wallboard_latency

Without DATABASE_URL a temporary SQLite database is created and migrated (that takes a few seconds);
with a PostgreSQL DATABASE_URL the benchmark uses its own database on that server (cc_bench_wallboard,
or BENCH_DATABASE), created and migrated if needed.
"""
