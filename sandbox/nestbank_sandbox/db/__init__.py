"""Database engines (SQLite, PostgreSQL) behind one transaction contract, and migrations."""
