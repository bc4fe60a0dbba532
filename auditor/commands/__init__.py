"""Typer sub-commands, one module each; cli.py wires them. Heavy imports stay inside the commands."""
