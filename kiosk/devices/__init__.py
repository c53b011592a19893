"""Device layer: serial button evaluators (drivers `sim`, `keys`, `frame`) and technician tools.

No Qt here: drivers call their listener from their own threads and the app marshals to the GUI thread.
"""

from .evaluator import DRIVERS, Evaluator, EvaluatorListener, create_evaluator

__all__ = ["DRIVERS", "Evaluator", "EvaluatorListener", "create_evaluator"]
