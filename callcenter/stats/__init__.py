"""Statistics: the queue_log loader, assembled calls and sessions, and the QueueMetrics-style reports."""
