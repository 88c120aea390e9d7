"""Qt-free user operations: each mutates the library in one transaction and returns what changed."""
