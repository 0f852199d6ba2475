"""Report schedules: each user's own reports built in their time zone, and the e-mail deliveries of those
reports and of the nightly daily report, retried with back-off (docs/reports.md)."""
