"""credentials.keys"""
