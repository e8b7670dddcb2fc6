"""Unit tests of credentials.presentation."""
