"""Static site generator for Dutch policy letters (Kamerbrieven)."""

__version__ = "0.1.0"
