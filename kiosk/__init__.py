"""kiosk: the on-premise client of the 好差评 government-service rating system."""

__version__ = "0.1.0"
