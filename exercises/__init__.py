"""Forward- and backward-pass exercises, marked step by step by a NumPy checker."""
