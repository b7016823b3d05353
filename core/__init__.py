"""opsplan's core layer: the machinery every feature app uses and that depends on none of them.

Local dates and the business date range, parsing of counts, money and percentages from files, the formula guard of
spreadsheets, tabular import and export, number formats, JSON parsing, history of changes, advisory locks,
encryption of secrets. Nothing here imports an app of opsplan's (the import-linter contracts in pyproject.toml).
"""
