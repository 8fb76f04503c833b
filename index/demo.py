"""The demonstration corpus shipped with the package: hand-written releases for the demo site and the tests."""

from pathlib import Path

DEMO_CORPUS = Path(__file__).parent / "demo_corpus"
