"""The README's API examples, run as written (curl) against a real ``bookcase serve``."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _examples() -> list[str]:
    block = re.search(r"<!-- api-examples:start -->\n```sh\n(.*?)```", README.read_text(), re.S)
    assert block, "the README's API examples block is missing"
    return [line for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.parametrize("command", _examples())
def test_readme_api_example(command: str, server: str, tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        pytest.fail("curl is needed to run the README's API examples (apt-get install curl)")
    args = [arg.replace("http://localhost:8000", server) for arg in shlex.split(command)]
    done = subprocess.run([*args, "-w", "\n%{http_code}"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    status = done.stdout.rsplit("\n", 1)[-1]
    assert status == "200", done.stdout
    if "-o" in args:
        written = tmp_path / args[args.index("-o") + 1]
        if written.suffix == ".html":
            assert "<html" in written.read_text().lower()
        else:
            assert json.loads(written.read_text())["partnership"]["id"] == "staffordshire"
    else:
        body = json.loads(done.stdout.rsplit("\n", 1)[0])
        assert "code" not in body or "status" not in body  # not an error payload
