"""The outbound autodialer: campaigns, contact lists, do-not-call lists, pacing and attempts."""
