"""Device layer: serial button evaluators (drivers `sim`, `keys`, `frame`), the receipt printer, scanners,
voice prompts and technician tools.

No Qt here: drivers call their listener from their own threads and the app marshals to the GUI thread.
"""
