"""Seeds the demo center idempotently: queues, agents, teams, pause reasons, users and the simulator node, then
the past week of simulated traffic with its recordings and a few QA evaluations."""

from callcenter.demo.actions.catalog import DEMO_AGENTS, DEMO_QUEUES, DEMO_USERS
from callcenter.demo.actions.center import DemoLogin, demo_password, seed_demo_center
from callcenter.demo.actions.evaluations import DEMO_QA_FORM, demo_qa_form, seed_demo_evaluations
from callcenter.demo.actions.history import DEMO_TIME_ZONE, DemoHistory, history_present, seed_demo_history

__all__ = [
    "DEMO_AGENTS",
    "DEMO_QA_FORM",
    "DEMO_QUEUES",
    "DEMO_TIME_ZONE",
    "DEMO_USERS",
    "DemoHistory",
    "DemoLogin",
    "demo_password",
    "demo_qa_form",
    "history_present",
    "seed_demo_center",
    "seed_demo_evaluations",
    "seed_demo_history",
]
