"""What a learner says about themselves as a credential holder (their DID)."""
