"""``python -m bridge_match``: the same CLI as ``bridge-match``."""

from bridge_match.cli import app

if __name__ == "__main__":
    app(prog_name="bridge-match")
