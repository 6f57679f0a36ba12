"""Discussion: a question on the projector, replies from phones, moderated on the dashboard.

The reference kind: the smallest complete kind of activity, written against
:mod:`classroom.kinds` and nothing else of the core but its models. Copy it to start a new kind
(``docs/kinds.md`` walks through it). Terms:

reply
    A short text a participant sends from their phone while the discussion is current. A
    participant may send several.
hidden
    A reply the instructor took off the projector; the dashboard still lists it.
"""
