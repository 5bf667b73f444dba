"""Docs that cannot drift, and the layer rule: core/ never imports Streamlit."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from core import cli

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_without_streamlit():
    code = (
        "import sys, pkgutil, importlib, core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n    if m.name != '__main__': importlib.import_module('core.' + m.name)\n"
        "bad = [m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')]\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_hold_no_sql():
    # A page is its thin script in pages/ plus the ui/page_<name>.py module that draws it.
    scripts = sorted((ROOT / "pages").glob("*.py"))
    assert scripts
    for script in scripts:
        assert (ROOT / "ui" / f"page_{script.stem}.py").is_file(), f"{script.name} has no ui/page_{script.stem}.py"
    for page in [*scripts, *(ROOT / "ui").glob("page_*.py")]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\s", text), page.name
        assert "unsafe_allow_html" not in text, page.name


def test_every_table_says_ikke_angivet_for_a_missing_value():
    """Streamlit shows a missing cell as "None" (English, and Python's word) unless a table
    is given a placeholder: the decision log's Begrundelse and a participant's title read
    "None". Every st.dataframe and st.data_editor in ui/ passes one."""
    missing = []
    for path in sorted((ROOT / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("dataframe", "data_editor")
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "st"
                    and not any(k.arg == "placeholder" for k in node.keywords)):
                missing.append(f"{path.name}:{node.lineno}")
    assert missing == []


def test_every_amount_column_groups_its_thousands():
    """An amount typed into a table reads "2.500.000", not "2500000" (the format "%d" has no
    thousands separator; "localized" takes the browser's Danish one). Every NumberColumn in
    ui/ whose label is in kroner is localized."""
    plain = []
    for path in sorted((ROOT / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "NumberColumn" and node.args
                    and isinstance(node.args[0], ast.Constant) and "kr." in str(node.args[0].value)):
                formats = [k.value for k in node.keywords if k.arg == "format"]
                if not (formats and isinstance(formats[0], ast.Constant) and formats[0].value == "localized"):
                    plain.append(f"{path.name}:{node.lineno}")
    assert plain == []


def test_every_public_view_is_documented_with_its_columns(store):
    doc = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    views = [r[0] for r in store.rows(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal")]
    assert len(views) >= 12
    for view in views:
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{view}` |")), None)
        assert row, f"{view} is not documented in docs/data-model.md"
        columns = [r[0] for r in store.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema='main' AND table_name=?", [view])]
        for column in columns:
            assert re.search(rf"\b{column}\b", row), f"{view}.{column} missing from docs/data-model.md"


def test_every_cli_command_has_help():
    parser = cli.parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    for name, sub in commands.choices.items():
        assert sub.description or commands._choices_actions, name
    helps = {a.dest: a.help for a in commands._choices_actions}
    assert set(helps) == set(commands.choices)
    assert all(helps.values())
