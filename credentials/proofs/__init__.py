"""credentials.proofs"""
