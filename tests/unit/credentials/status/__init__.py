"""Unit tests of credentials.status."""
