"""The demo center: seed data and the one-process demo runner behind `make demo`."""
