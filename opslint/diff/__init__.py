"""`opslint diff`: what a change to the documents does to the team's commitments.

The comparison reads two semantic models (base and head revision, DESIGN.md §4) and never
the text: ``changes`` holds the result types, ``commitments`` compares the models.
"""
