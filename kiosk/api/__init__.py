"""The local HTTP API through which the business system or the queue-calling (叫号) system drives the pad."""

from kiosk.api.port import PadPort
from kiosk.api.server import ApiServer

__all__ = ["ApiServer", "PadPort"]
