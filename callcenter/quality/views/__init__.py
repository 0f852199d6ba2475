"""Recordings and QA pages: search, the player with the evaluation beside it, the file itself, the forms.

Each view reads, checks who asks, and calls actions for every write (the audit of a play included).
"""
