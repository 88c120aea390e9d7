"""A desktop reader for news articles with entities, annotations and cross-links."""

__version__ = "0.1.0"
