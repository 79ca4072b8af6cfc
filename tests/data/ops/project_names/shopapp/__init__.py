"""The application whose modules the revisions import."""
