"""Models are defined by the app's issue work."""
