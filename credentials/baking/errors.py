"""The one exception type of Open Badges baking, shared by the PNG and SVG halves."""

from credentials.errors import CredentialsError


class BakingError(CredentialsError):
    """The image cannot carry (or be searched for) a credential: wrong format, corrupt, unsafe.

    A `CredentialsError` (so a ValueError) because the cause is always the input (an upload,
    a template image), never the environment; callers map it to a 4xx for uploads and treat
    it as a bug for templates.
    """
