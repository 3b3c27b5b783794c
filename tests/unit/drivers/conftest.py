"""The public fixtures, used here as a third-party driver's test suite would."""

from baton.testing.fixtures import conf, conf_factory, registry  # noqa: F401
