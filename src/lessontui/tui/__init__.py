"""The Textual app: views over the course model."""
