"""Issuer signing keys: created on first start, encrypted at rest, rotated on demand."""
