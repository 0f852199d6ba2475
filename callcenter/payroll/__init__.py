"""Payroll export for 1C: agent time and performance per day as XSD-validated XML."""
