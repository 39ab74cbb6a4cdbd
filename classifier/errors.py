"""Errors the library reports for one input, without stopping a batch."""


class InputError(ValueError):
    """One input cannot be processed; the message says what and why, for the user."""
