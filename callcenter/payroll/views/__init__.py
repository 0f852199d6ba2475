"""Pages of the payroll app: export preview and download, the XSD, session corrections, closed periods.

Views stay thin: figures come from the builder, files from callcenter.payroll.export (which validates the
XML against the XSD), the sessions an agent had from callcenter.payroll.queries, and every write goes
through callcenter.payroll.actions.
"""
