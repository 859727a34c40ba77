from bridge_match.cli import app

app(prog_name="bridge-match")
