"""The PBX as data: Asterisk nodes, trunks, queues, schedules, IVR menus and inbound routes."""
