"""App config for payroll."""

from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "callcenter.payroll"
    label = "payroll"
