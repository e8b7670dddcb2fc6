"""Previous public base URLs (``accredo issuer move``): recorded, matched, served, verified."""
