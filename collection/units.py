"""`kehoach units`: see `kehoach.collection.query`."""
from kehoach.collection.query import cmd_units, register_units as register

__all__ = ["cmd_units", "register"]
