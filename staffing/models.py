"""staffing models: filled by the staffing issue."""
