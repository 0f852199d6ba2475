"""Users and their roles: admin, supervisor, manager, payroll, agent."""
