"""Pure Open Badges 3.0 credential core: keys, documents, proofs, status lists, verification."""
