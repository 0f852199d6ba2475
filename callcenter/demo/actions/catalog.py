"""What the demo center is made of: its users, agents, queues and pause reasons."""

from __future__ import annotations

from callcenter.accounts.models import Role

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", Role.ADMIN, "Anna", "Admin"),
    ("supervisor", Role.SUPERVISOR, "Сергей", "Смирнов"),
    ("manager", Role.MANAGER, "Maria", "Manager"),
    ("payroll", Role.PAYROLL, "Ольга", "Бухгалтер"),
    ("agent", Role.AGENT, "Иван", "Петров"),
)

# (extension, payroll number, display name, team)
DEMO_AGENTS: tuple[tuple[str, str, str, str], ...] = (
    ("1001", "00101", "Иван Петров", "Team A"),
    ("1002", "00102", "Anna Smith", "Team A"),
    ("1003", "00103", "Мария Иванова", "Team A"),
    ("1004", "00104", "John Brown", "Team A"),
    ("1005", "00105", "Алексей Соколов", "Team A"),
    ("1006", "00106", "Emily Davis", "Team B"),
    ("1007", "00107", "Дмитрий Кузнецов", "Team B"),
    ("1008", "00108", "Olga Novak", "Team B"),
    ("1009", "00109", "Наталья Попова", "Team B"),
    ("1010", "00110", "Peter Wilson", "Team B"),
)

# queue -> (strategy, service level, ring timeout, members with penalty)
DEMO_QUEUES: dict[str, tuple[str, int, int, dict[str, int]]] = {
    "support": ("rrmemory", 20, 15, {"1001": 0, "1002": 0, "1003": 0, "1004": 0, "1005": 1, "1006": 1}),
    "sales": ("leastrecent", 30, 25, {"1005": 0, "1006": 0, "1007": 0, "1008": 0, "1009": 0, "1010": 0}),
    "vip": ("ringall", 10, 15, {"1001": 0, "1002": 0, "1009": 0, "1010": 0}),
}

# The queues the history records (seed_demo_history): each call an agent takes there gets a recording.
DEMO_RECORDED_QUEUES = frozenset({"vip"})

DEMO_PAUSE_REASONS: tuple[tuple[str, str, bool, int | None], ...] = (
    ("lunch", "Обед / Lunch", False, 60),
    ("training", "Обучение / Training", True, None),
    ("break", "Перерыв / Break", True, 15),
)
