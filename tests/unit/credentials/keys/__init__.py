"""Unit tests of credentials.keys."""
