"""Views of the core: phones (``live``) and the instructor's screens (``teach``)."""
