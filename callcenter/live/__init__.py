"""Live state of calls, agents and queues: the event reducer, the AMI bridge daemon and replay."""
