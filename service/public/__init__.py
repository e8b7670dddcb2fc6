"""Public, no-login routes: issuer and keys, credential pages and files, status lists, verify."""
