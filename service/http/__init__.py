"""HTTP concerns shared by every area: response headers that protect browsers."""
