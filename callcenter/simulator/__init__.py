"""An Asterisk stand-in that speaks real AMI and writes real queue_log, for the demo, tests and benchmarks."""
