"""credentials.baking.bake"""
