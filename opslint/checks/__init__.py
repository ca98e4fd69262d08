"""Check kinds, one package per rule family (mirroring rules/) plus shared/.

Nothing here registers anything: opslint/checks/kinds.py lists every kind, and a check
module is imported only when a rule of one of its kinds runs.
"""
