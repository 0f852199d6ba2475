"""App config for ami."""

from django.apps import AppConfig


class AmiConfig(AppConfig):
    name = "callcenter.ami"
    label = "ami"
