"""Agents, their teams, queue memberships and pause reasons."""
