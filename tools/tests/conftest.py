"""Share fixtures that build small fake course repositories in a temporary folder."""

from pathlib import Path

import pytest

from tools.course_docs.generated import write_outputs

FIRST_PAGE = """\
---
step: 01_a
---
# Set up

```python title="config/asgi.py"
--8<-- "steps/01_a/config/asgi.py"
```

## Build it

--8<-- "docs/generated/01_a.build.md"
"""

# Test support that both steps share unchanged: the first step's snippet shows it.
TEST_SUPPORT = {
    "pytest.ini": "[pytest]\n",
    "tests/test_asgi.py": "def test_application():\n    assert True\n",
}

SECOND_PAGE = """\
---
step: 02_b
changes:
  - config/asgi.py
  - echo/consumers.py
---
# Echo

--8<-- "docs/generated/02_b.files.md"

!!! example "The consumer"
    ```py
    --8<-- "steps/02_b/echo/consumers.py:connect"
    ```

```diff
--8<-- "docs/generated/02_b.diff"
```

## Build it

--8<-- "docs/generated/02_b.build.md"
"""


class Repo:
    """A fake course repository rooted in a temporary folder."""

    def __init__(self, root: Path) -> None:
        """Remember the repository root."""
        self.root = root

    def write(self, rel: str, text: str) -> Path:
        """Write a text file at a repository path, creating its folders."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        """Write a binary file at a repository path, creating its folders."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def read(self, rel: str) -> str:
        """Return the text of a repository file."""
        return (self.root / rel).read_text(encoding="utf-8")

    def remove(self, rel: str) -> None:
        """Delete a repository file."""
        (self.root / rel).unlink()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Return an empty fake repository."""
    return Repo(tmp_path)


@pytest.fixture
def clean_repo(repo: Repo) -> Repo:
    """Return a two-step repository whose pages and generated files are all correct.

    Step 02_b adds echo/consumers.py and changes config/asgi.py; both steps hold the
    same test support, pytest.ini and tests/test_asgi.py.
    """
    repo.write("steps/01_a/manage.py", "print('manage')\n")
    repo.write("steps/01_a/config/asgi.py", "application = None\n")
    repo.write("steps/02_b/manage.py", "print('manage')\n")
    repo.write("steps/02_b/config/asgi.py", "from echo import consumers\napplication = None\n")
    repo.write("steps/02_b/echo/consumers.py", "class EchoConsumer:\n    pass\n")
    for rel, text in TEST_SUPPORT.items():
        repo.write(f"steps/01_a/{rel}", text)
        repo.write(f"steps/02_b/{rel}", text)
    repo.write("docs/steps/01_a.md", FIRST_PAGE)
    repo.write("docs/steps/02_b.md", SECOND_PAGE)
    write_outputs(repo.root)
    return repo
