"""Learns how one person decides on LinkedIn connection requests."""

__version__ = "0.2.0"
