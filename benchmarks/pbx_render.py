"""Benchmark: render + validate a large center (2,000 agents, 200 queues, 500 DIDs, 100 IVR menus).

Run: ``cd /work/main && DJANGO_DEBUG=1 .venv/bin/python -m benchmarks.pbx_render``

Measures, on an in-memory snapshot (what the database read produces):
- value validation + rendering of every file (``render_center``), target <= 1 s together with the next;
- writing the directory and the structural check (``check_directory``: syntax and every reference);
- a single-queue change: re-render, diff against the previous render, and the modules that would reload.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "callcenter.settings")
django.setup()

from callcenter.pbx.apply import diff_trees, modules_to_reload  # noqa: E402
from callcenter.pbx.render import render_center  # noqa: E402
from callcenter.pbx.snapshot import (  # noqa: E402
    AgentConf,
    CenterConf,
    IVRConf,
    MemberConf,
    OptionConf,
    PauseReasonConf,
    QueueConf,
    RouteConf,
    ScheduleConf,
    SupervisorConf,
    TrunkConf,
)
from callcenter.pbx.validate import check_directory  # noqa: E402

AGENTS, QUEUES, DIDS, MENUS = 2000, 200, 500, 100
STRATEGIES = ("rrmemory", "leastrecent", "ringall", "fewestcalls", "linear")


def build_center() -> CenterConf:
    queues = [
        QueueConf(
            name=f"queue-{q:03d}", strategy=STRATEGIES[q % len(STRATEGIES)], recording="all" if q % 2 else "none",
            survey_enabled=q % 3 == 0, callback_enabled=q % 4 == 0, periodic_announce="custom/hold" if q % 5 else "",
            periodic_announce_frequency=60, max_wait=600,
        )
        for q in range(QUEUES)
    ]  # fmt: skip
    agents = []
    for a in range(AGENTS):
        extension = str(10000 + a)
        agent = AgentConf(
            extension, f"Agent {extension}", f"Person {a}", f"PJSIP/{extension}", "ru", f"pw-{a}-x"
        )
        queues[a % QUEUES].members.append(MemberConf(agent.interface, a % 3, agent.member_name))
        agent.dynamic_queues.append((queues[(a + 1) % QUEUES].name, 1))
        agents.append(agent)
    rules = [(day, clock(8, 0), clock(20, 0)) for day in range(5)]
    schedules = [
        ScheduleConf(f"hours-{s}", "Europe/Moscow", rules, [date(2027, 1, d) for d in range(1, 9)])
        for s in range(10)
    ]
    menus = [
        IVRConf(
            f"menu-{m:03d}", "custom/menu", "option-is-invalid", 5, 3, queues[m].name,
            [OptionConf(str(d), "queue", queues[(m + d) % QUEUES].name) for d in range(1, 6)]
            + [OptionConf("0", "extension", extension=agents[m].extension)],
        )
        for m in range(MENUS)
    ]  # fmt: skip
    routes = []
    for r in range(DIDS):
        did = f"7495{r:07d}"
        if r % 5 == 0:
            routes.append(
                RouteConf(did, f"Line {r}", "ivr", ivr=menus[r % MENUS].name, schedule=f"hours-{r % 10}")
            )
        elif r % 5 == 1:
            routes.append(RouteConf(did, f"Line {r}", "extension", extension=agents[r].extension))
        else:
            routes.append(
                RouteConf(
                    did, f"Line {r}", "queue", queue=queues[r % QUEUES].name, schedule=f"hours-{r % 10}"
                )
            )
    return CenterConf(
        server_name="bench",
        queues=queues,
        agents=agents,
        supervisors=[SupervisorConf(f"sup{s}", str(900 + s), f"sup-pw-{s}") for s in range(20)],
        pause_reasons=[PauseReasonConf(p, f"reason{p}") for p in range(1, 11)],
        trunks=[
            TrunkConf(
                f"trunk-{t}",
                f"sip{t}.example.com",
                username=f"acct{t}",
                secret=f"tp-{t}",
                outbound_prefix=str(t) if t < 9 else "",
            )
            for t in range(20)
        ],
        schedules=schedules,
        menus=menus,
        routes=routes,
    )


def measure(runs: int = 5) -> None:
    center = build_center()
    render_times, check_times = [], []
    rendered = None
    with tempfile.TemporaryDirectory() as workdir:
        for run in range(runs):
            started = time.perf_counter()
            rendered = render_center(center, f"{workdir}/out{run}")
            render_times.append(time.perf_counter() - started)
            out = Path(workdir) / f"out{run}"
            started = time.perf_counter()
            rendered.write(out)
            report = check_directory(out, include_root=str(out))
            check_times.append(time.perf_counter() - started)
            if not report.ok:
                raise SystemExit(f"the structural check failed: {report.errors[:5]}")
        if rendered is None:
            raise SystemExit("nothing rendered")
        sizes = {name: len(text.encode()) for name, text in rendered.files.items()}
        lines = sum(text.count("\n") for text in rendered.files.values())
        totals = [r + c for r, c in zip(render_times, check_times, strict=True)]
        print(f"center: {AGENTS} agents, {QUEUES} queues, {DIDS} DIDs, {MENUS} IVR menus")
        print(f"rendered: {len(sizes)} files, {sum(sizes.values()) / 1024:.0f} KiB, {lines} lines")
        print(f"validate values + render (median of {runs}): {statistics.median(render_times) * 1000:.0f} ms")
        print(f"write + structural check (median of {runs}): {statistics.median(check_times) * 1000:.0f} ms")
        print(f"render + validate total (median / max): {statistics.median(totals) * 1000:.0f} ms / "
              f"{max(totals) * 1000:.0f} ms  (target <= 1000 ms)")  # fmt: skip

        center.queues[17].strategy = "random"
        started = time.perf_counter()
        again = render_center(center, f"{workdir}/out{runs - 1}")
        changed, _diff = diff_trees(rendered.files, again.files)
        elapsed = time.perf_counter() - started
        print(
            f"single-queue change: re-render + diff {elapsed * 1000:.0f} ms, changed files {changed}, "
            f"reload {modules_to_reload(changed)}"
        )
        if changed != ["queues.conf"] or modules_to_reload(changed) != ["app_queue.so"]:
            raise SystemExit("a single-queue change touched more than queues.conf / app_queue.so")


if __name__ == "__main__":
    measure()
