"""`kehoach tasks`: see `kehoach.collection.query`."""
from kehoach.collection.query import cmd_tasks, register_tasks as register

__all__ = ["cmd_tasks", "register"]
