"""The supervisor wallboard, supervisor actions (listen / whisper / barge, pause, log out) and the agent page."""
