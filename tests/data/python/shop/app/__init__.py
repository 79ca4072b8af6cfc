"""The shop application (only what its revisions import)."""
