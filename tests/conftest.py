import sys
from pathlib import Path

# Test helpers (factories) live beside the tests, importable as `factories`.
sys.path.insert(0, str(Path(__file__).parent))
