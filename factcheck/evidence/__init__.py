"""Evidence snapshots: what a verdict's source page said when the reviewer cited it, kept after the link rots."""
