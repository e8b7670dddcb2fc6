"""Pinned JSON-LD context files, served offline by `credentials.document_loader`."""
