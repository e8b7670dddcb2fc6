"""Unit tests of credentials.baking."""
