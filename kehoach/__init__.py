"""kehoach: Vietnamese administrative plans → sections, tasks, units, legal references.

The front door is `extract_plan(path_or_text) -> Plan`.
"""
__version__ = "0.1.0"
