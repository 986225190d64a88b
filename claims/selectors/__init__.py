"""Reads, by sub-domain: querysets shaped for the page, keyword-only, filtered by what the user may see.

Import from the module that owns the read (`claims.selectors.claims`, `.statements`, `.speakers`,
`.articles`, `.keyset`); this package re-exports nothing.
"""
