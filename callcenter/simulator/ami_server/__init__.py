"""The simulator's AMI server (see server.py)."""

from callcenter.simulator.ami_server.server import AMIServer

__all__ = ["AMIServer"]
