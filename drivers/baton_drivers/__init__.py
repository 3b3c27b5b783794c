"""Baton's own drivers, packaged exactly as a third-party plugin would be.

Nothing here is imported by Baton's core: every class is reached through the entry points
declared in setup.cfg.
"""
