"""Catalog → mentions in text: the term matcher, the Python-Markdown auto-linking extension, ``lint`` and the Vale style.

Nothing here imports MkDocs or the page renderer.
"""
