"""The promises of the README that a new user meets first."""

from pathlib import Path

ROOT = Path(__file__).parent.parent


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_exactly_two_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("hemeroteca demo")
    assert "pytest" in (ROOT / commands[1].split()[0]).read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci


def test_search_core_imports_neither_index_nor_webui():
    for path in (ROOT / "search").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "from index" not in source and "import index" not in source, path
        assert "webui" not in source, path
