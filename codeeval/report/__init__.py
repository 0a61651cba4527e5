"""Turning results into documents people and tools read: JSON, SARIF, tables, leaderboards."""
