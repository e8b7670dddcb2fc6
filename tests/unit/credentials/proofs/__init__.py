"""Unit tests of credentials.proofs."""
