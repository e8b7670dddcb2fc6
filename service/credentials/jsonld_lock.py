"""One lock around JSON-LD processing (signing and verifying) in this process.

`credentials.rdf_canonicalization` shares one pyld context cache across calls and empties it
when full; two threads using it at once can lose each other's entries (seen as a KeyError
under load on POST /verify). Until that cache is made thread-safe, the service serialises
canonicalization here; the work is CPU-bound under the GIL anyway.
"""

from __future__ import annotations

import threading

JSONLD_LOCK = threading.Lock()
