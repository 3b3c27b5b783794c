"""Baton: one daemon for the whole life of bare-metal servers and network functions."""
