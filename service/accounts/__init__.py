"""Customer accounts: memberships and their history, coverage per account, program measures."""
