"""Exporters: each turns a `Plan` into one output format. They read the Plan, never the text."""
