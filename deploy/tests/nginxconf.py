"""Read an nginx configuration into directives, change a few, and write it back."""

import re
from dataclasses import dataclass, field

# A token is a quoted string, a brace, a semicolon, a comment, or a bare word.
TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<quoted>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
    | (?P<punct>[{};])
    | (?P<word>(?:\\.|[^\s{};"'\\])+)
    """,
    re.VERBOSE,
)


@dataclass
class Directive:
    """One directive: its name, its arguments as written, and its block if it has one."""

    name: str
    args: list[str]
    block: list["Directive"] | None = None
    line: int = 0

    @property
    def values(self):
        """Return the arguments with their quotes removed."""
        return [unquote(arg) for arg in self.args]

    def children(self, name, *values):
        """Return the directives of the block named `name` whose arguments start with `values`."""
        return [
            child
            for child in self.block or []
            if child.name == name and child.values[: len(values)] == list(values)
        ]

    def child(self, name, *values):
        """Return the one directive of the block that `children` finds; fail otherwise."""
        found = self.children(name, *values)
        if len(found) != 1:
            wanted = " ".join([name, *values])
            raise LookupError(f"expected one `{wanted}` in `{self.name}`, found {len(found)}")
        return found[0]


@dataclass
class Config(Directive):
    """The whole file: a nameless directive whose block is the top level."""

    name: str = ""
    args: list[str] = field(default_factory=list)


class ParseError(ValueError):
    """The text is not a well-formed nginx configuration."""


def unquote(arg):
    """Strip the quotes nginx would strip, and its backslash escapes."""
    if len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "\"'":
        arg = arg[1:-1]
    return re.sub(r"\\(.)", r"\1", arg)


def tokens(text):
    """Yield (kind, text, line) for each token, comments and blanks left out."""
    position, line = 0, 1
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            raise ParseError(f"line {line}: cannot read {text[position : position + 20]!r}")
        kind = match.lastgroup
        if kind not in {"space", "comment"}:
            yield kind, match.group(), line
        line += match.group().count("\n")
        position = match.end()


def parse(text):
    """Parse nginx configuration text into a Config."""
    root = Config(block=[])
    stack = [root]
    words = []
    start = 0
    for kind, value, line in tokens(text):
        if kind in {"word", "quoted"}:
            if not words:
                start = line
            words.append(value)
        elif value in ";{":
            if not words:
                raise ParseError(f"line {line}: {value!r} with no directive before it")
            directive = Directive(words[0], words[1:], [] if value == "{" else None, start)
            stack[-1].block.append(directive)
            if value == "{":
                stack.append(directive)
            words = []
        else:  # "}"
            if words or len(stack) == 1:
                raise ParseError(f"line {line}: unexpected '}}'")
            stack.pop()
    if words or len(stack) != 1:
        raise ParseError("unexpected end of file: a ';' or '}' is missing")
    return root


def render(directives, indent=0):
    """Write directives back as nginx configuration text."""
    lines = []
    pad = "    " * indent
    for directive in directives:
        head = " ".join([directive.name, *directive.args])
        if directive.block is None:
            lines.append(f"{pad}{head};")
        else:
            lines.append(f"{pad}{head} {{")
            lines.append(render(directive.block, indent + 1))
            lines.append(f"{pad}}}")
    return "\n".join(line for line in lines if line)
