"""The ``hemeroteca`` command: the composition root that joins search, index, webui and alerts.

None of those packages imports this one; it is the only place that imports click.
"""
