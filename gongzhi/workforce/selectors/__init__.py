"""Reads of the workforce registers, one module per register; see each module."""
