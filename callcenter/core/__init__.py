"""Shared helpers with no models: settings from the environment, validators, write helpers."""
