"""Credential issuance, status, renewal and verification against the service's own records."""
