"""The JSON API and the web pages over the store: one FastAPI application whose pages and
API answers are built from the same context objects (context.py)."""
