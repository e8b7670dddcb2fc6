"""credentials.status"""
