"""The SQL of the assembly of queue_log lines into calls, callback turns, missed rings, sessions and pauses."""
