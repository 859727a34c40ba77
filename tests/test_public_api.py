import bridge_match


def test_every_public_name_resolves_and_nothing_else_is_listed():
    names = set(bridge_match.__all__) - {"__version__"}
    assert names == set(bridge_match._EXPORTS)
    for name in names:
        assert getattr(bridge_match, name) is not None


def test_importing_the_package_does_not_load_scikit_learn():
    import subprocess
    import sys

    code = "import bridge_match.cli, sys; print('sklearn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_public_functions_document_their_contract():
    import inspect

    for name in sorted(set(bridge_match.__all__) - {"__version__"}):
        value = getattr(bridge_match, name)
        doc = inspect.getdoc(value) or ""
        assert doc, name
        if inspect.isfunction(value):
            assert "Parameters" in doc, name
            assert "Returns" in doc, name
