"""inventory models: filled by the inventory issue."""
