"""Compatibility: this module's classes live in `api_errors` (errors of an API call).

`from nestbank_client.exceptions import ...` keeps working; new code imports from
`nestbank_client` or `nestbank_client.api_errors`.
"""

from .api_errors import *  # noqa: F403
from .api_errors import __all__ as __all__
