"""The desk's pages, one module per area; each view is form → one service call → redirect."""
