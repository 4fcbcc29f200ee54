"""`kehoach cites`: see `kehoach.collection.query`."""
from kehoach.collection.query import cmd_cites, register_cites as register

__all__ = ["cmd_cites", "register"]
