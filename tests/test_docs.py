"""The README documents every command and setting."""

from pathlib import Path

import typer.main

from tidings.cli import app
from tidings.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=""):
    click_group = typer.main.get_command(group)
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            for sub in command.commands:
                yield f"{prefix}{name} {sub}"
        else:
            yield f"{prefix}{name}"


def test_every_command_is_in_the_readme():
    missing = [c for c in _commands(app) if f"tidings {c}" not in README]
    assert not missing


def test_every_setting_is_in_the_readme():
    missing = [s.name for s in SETTINGS if f"TIDINGS_{s.name.upper()}" not in README or f"`{s.name}`" not in README]
    assert not missing


def test_readme_starts_with_the_two_commands():
    block = README.split("```")[1]
    assert "scripts/demo.sh" in block and "scripts/test.sh" in block
    assert "scripts/test.sh" in (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
