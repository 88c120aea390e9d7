"""Qt-free read models of the library: links and related articles, timeline, entity graph."""
