"""credentials.presentation"""
