"""Pinned JSON-LD context files, served offline by `credentials.proofs.document_loader`."""
