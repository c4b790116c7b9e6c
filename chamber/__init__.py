"""chamber: live voting and speaking queue for council chambers."""

__version__ = "0.1.0"
