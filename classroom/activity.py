"""The core's own activity kinds: the note and the discussion."""
