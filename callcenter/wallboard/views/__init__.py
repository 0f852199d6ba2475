"""Pages and small JSON endpoints of the wallboard; every write goes through ``actions``."""
