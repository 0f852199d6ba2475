"""The test harness: one scriptable fake AMI server, its Asterisk behaviours, and the shared personas."""
