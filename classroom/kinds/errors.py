"""The errors every kind shares."""

from __future__ import annotations


class TransitionError(Exception):
    """A change that the state found does not allow (an answer to a closed question, the next
    speaker when the debate has finished). The message is meant for the person who asked, and
    names the state found: "this question has closed", not "invalid transition".
    """


class BadInput(ValueError):
    """A form value that cannot be used as it is; the message names the field and the problem."""
