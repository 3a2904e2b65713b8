"""slangtutor: a terminal tutor for Chinese internet slang."""

__version__ = "0.1.0"
