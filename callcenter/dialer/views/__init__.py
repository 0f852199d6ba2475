"""Pages of the dialer: campaign list and monitor (``campaigns``), list upload with mapping and preview
(``upload``), the agent's page (``agent``)."""
