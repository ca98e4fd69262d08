"""The extract stage: quantities (quantities/) and typed facts (model.py) of documents.

Import from the modules themselves (``opslint.facts.model``, ``opslint.facts.extract``);
this package re-exports nothing, so importing the quantity parser stays cheap.
"""
