"""Report pages: one module per page group (reports, callback list, background runs)."""
