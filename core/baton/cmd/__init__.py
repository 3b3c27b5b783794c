"""Console entry points (oslo.service services); logging is set up only here.

futurist imports eventlet when it is installed (oslo.service depends on it) and eventlet
warns about its own deprecation at import; Baton never uses eventlet, so that warning is
noise in an operator's log.
"""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated", category=Warning)
