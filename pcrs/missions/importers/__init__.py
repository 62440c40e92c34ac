"""Parsers for the real UN data files: pure functions from text to records and a report.

They never touch the database; the services in pcrs.missions.services look up what the parsers
need, call them, and write everything or nothing.
"""
