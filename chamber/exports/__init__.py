"""The record's outputs — minutes, decision summary, open data, video chapters — each a pure
projection of a meeting's event log: the same log always gives the same output, and nothing
here reads a clock or writes a file (the `chamber` command does the I/O)."""
