"""Test that each check fires on a real defect and stays quiet on a clean repository."""

import shutil

from tools.course_docs.checks import (
    check_build_sections,
    check_declared_changes,
    check_foreign_includes,
    check_generated,
    check_identical_steps,
    check_pasted_python,
    run_checks,
)
from tools.course_docs.generated import write_outputs


def _lines(problems):
    """Format problems as the command prints them."""
    return [str(problem) for problem in problems]


def _replace(repo, rel, old, new):
    """Edit a file in place, failing if the text to replace is absent."""
    text = repo.read(rel)
    assert old in text
    repo.write(rel, text.replace(old, new))


def test_clean_repository_has_no_problems(clean_repo):
    problems = run_checks(clean_repo.root)

    assert problems == []


# a. generated files


def test_stale_generated_diff_is_reported_with_the_nox_fix(clean_repo):
    clean_repo.write("steps/02_b/config/asgi.py", "application = 'changed'\n")

    problems = _lines(check_generated(clean_repo.root))

    assert (
        "docs/generated/02_b.diff: is out of date with steps/; run `nox -s diffs`" in (problems[0])
    )


def test_missing_generated_table_is_reported(clean_repo):
    clean_repo.remove("docs/generated/02_b.files.md")

    problems = _lines(check_generated(clean_repo.root))

    assert problems == [
        "docs/generated/02_b.files.md: is missing; run `nox -s diffs` to generate it"
    ]


# b. includes of another step


def test_page_including_another_steps_file_is_reported_with_its_line(clean_repo):
    _replace(
        clean_repo,
        "docs/steps/02_b.md",
        '"steps/02_b/echo/consumers.py:connect"',
        '"steps/01_a/config/asgi.py:connect"',
    )

    problems = _lines(check_foreign_includes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:13: includes steps/01_a/config/asgi.py, which belongs to step 01_a; "
        "a page shows only its own step, so include steps/02_b/config/asgi.py instead"
    ]


def test_page_including_another_steps_generated_diff_is_reported(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", "generated/02_b.diff", "generated/03_c.diff")

    problems = _lines(check_foreign_includes(clean_repo.root))

    assert len(problems) == 1
    assert problems[0].startswith("docs/steps/02_b.md:17: includes docs/generated/03_c.diff")
    assert problems[0].endswith("include docs/generated/02_b.diff instead")


def test_page_including_another_steps_build_snippet_is_reported(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", "generated/02_b.build.md", "generated/01_a.build.md")

    problems = _lines(check_foreign_includes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:22: includes docs/generated/01_a.build.md, which belongs to step "
        "01_a; a page shows only its own step, so include docs/generated/02_b.build.md instead"
    ]


def test_block_form_include_of_another_step_is_reported(clean_repo):
    page = clean_repo.read("docs/steps/01_a.md")
    clean_repo.write(
        "docs/steps/01_a.md",
        page + "\n--8<--\nsteps/01_a/manage.py\nsteps/02_b/manage.py\n--8<--\n",
    )

    problems = _lines(check_foreign_includes(clean_repo.root))

    assert len(problems) == 1
    assert problems[0].startswith("docs/steps/01_a.md:16: includes steps/02_b/manage.py")


def test_path_that_climbs_into_another_step_is_reported(clean_repo):
    _replace(
        clean_repo,
        "docs/steps/01_a.md",
        '"steps/01_a/config/asgi.py"',
        '"./steps/01_a/../02_b/config/asgi.py"',
    )

    problems = _lines(check_foreign_includes(clean_repo.root))

    assert len(problems) == 1
    assert "includes steps/02_b/config/asgi.py" in problems[0]


def test_escaped_include_of_another_step_is_not_reported(clean_repo):
    page = clean_repo.read("docs/steps/02_b.md")
    clean_repo.write("docs/steps/02_b.md", page + '\n;--8<-- "steps/01_a/manage.py"\n')

    problems = check_foreign_includes(clean_repo.root)

    assert problems == []


# c. pasted Python


def test_pasted_python_block_is_reported_at_its_fence(clean_repo):
    page = clean_repo.read("docs/steps/02_b.md")
    clean_repo.write("docs/steps/02_b.md", page + "\n```python\nimport os\n```\n")

    problems = _lines(check_pasted_python(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:24: ```python block has pasted code (line 25); move the code into "
        'a step file and include it with --8<-- "steps/<step>/<path>"'
    ]


def test_pasted_block_indented_in_an_admonition_is_reported(clean_repo):
    _replace(
        clean_repo,
        "docs/steps/02_b.md",
        '    --8<-- "steps/02_b/echo/consumers.py:connect"\n',
        '    --8<-- "steps/02_b/echo/consumers.py:connect"\n    print("pasted")\n',
    )

    problems = _lines(check_pasted_python(clean_repo.root))

    assert len(problems) == 1
    assert problems[0].startswith("docs/steps/02_b.md:12: ```py block has pasted code (line 14)")


def test_pasted_python_on_any_docs_page_is_reported(clean_repo):
    clean_repo.write("docs/guide/deep/notes.md", "# Notes\n\n~~~ { .python3 }\nx = 1\n~~~\n")

    problems = _lines(check_pasted_python(clean_repo.root))

    assert len(problems) == 1
    assert problems[0].startswith("docs/guide/deep/notes.md:3: ```python3 block")


def test_python_block_of_block_form_includes_is_quiet(clean_repo):
    page = clean_repo.read("docs/steps/02_b.md")
    block = (
        "\n```python\n--8<--\nsteps/02_b/manage.py\n\nsteps/02_b/echo/consumers.py\n--8<--\n```\n"
    )
    clean_repo.write("docs/steps/02_b.md", page + block)

    problems = check_pasted_python(clean_repo.root)

    assert problems == []


def test_code_in_non_python_blocks_is_quiet(clean_repo):
    page = clean_repo.read("docs/steps/02_b.md")
    console = "\n```console\n$ python manage.py runserver\n```\n"
    example = "\n````markdown\n```python\nx = 1\n```\n````\n"
    clean_repo.write("docs/steps/02_b.md", page + console + example)

    problems = check_pasted_python(clean_repo.root)

    assert problems == []


# d. identical steps


def test_step_identical_to_the_previous_one_is_reported(clean_repo):
    shutil.copytree(clean_repo.root / "steps/02_b", clean_repo.root / "steps/03_c")

    problems = _lines(check_identical_steps(clean_repo.root))

    assert problems == [
        "steps/03_c: is identical to steps/02_b; change at least one file or drop the step"
    ]


def test_step_differing_only_in_skipped_files_counts_as_identical(clean_repo):
    shutil.copytree(clean_repo.root / "steps/02_b", clean_repo.root / "steps/03_c")
    clean_repo.write_bytes("steps/03_c/db.sqlite3", b"local data")

    problems = check_identical_steps(clean_repo.root)

    assert [problem.path for problem in problems] == ["steps/03_c"]


# e. declared changes and pages


def test_changed_file_missing_from_changes_is_reported(clean_repo):
    clean_repo.write("steps/02_b/manage.py", "print('new')\n")
    write_outputs(clean_repo.root)

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:3: step 02_b changed manage.py; add `- manage.py` to `changes:`"
    ]


def test_declared_file_that_did_not_change_is_reported_at_its_line(clean_repo):
    _replace(
        clean_repo,
        "docs/steps/02_b.md",
        "  - echo/consumers.py\n",
        "  - echo/consumers.py\n  - manage.py\n",
    )

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:6: `changes:` lists manage.py, which step 02_b does not change; "
        "remove it"
    ]


def test_removed_and_binary_files_must_be_declared_too(clean_repo):
    clean_repo.remove("steps/02_b/manage.py")
    clean_repo.write_bytes("steps/02_b/static/logo.png", b"\x89PNG\0")

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:3: step 02_b removed manage.py; add `- manage.py` to `changes:`",
        "docs/steps/02_b.md:3: step 02_b added static/logo.png; "
        "add `- static/logo.png` to `changes:`",
    ]


def test_page_without_front_matter_is_reported(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", "---\nstep: 02_b\n", "step: 02_b\n")
    _replace(clean_repo, "docs/steps/02_b.md", "echo/consumers.py\n---\n", "echo/consumers.py\n")

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:1: has no front matter; open the page with a `---` block holding "
        "`step: 02_b` and a `changes:` list"
    ]


def test_step_that_does_not_match_the_file_name_is_reported(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", "step: 02_b", "step: 02_echo")

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:2: `step:` does not match the file name; write `step: 02_b`"
    ]


def test_page_without_changes_list_is_reported(clean_repo):
    _replace(
        clean_repo,
        "docs/steps/02_b.md",
        "changes:\n  - config/asgi.py\n  - echo/consumers.py\n",
        "",
    )

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:1: front matter has no `changes:`; list the files this step "
        "changes, one `- path` each"
    ]


def test_first_step_declaring_changes_is_reported(clean_repo):
    _replace(
        clean_repo, "docs/steps/01_a.md", "step: 01_a\n", "step: 01_a\nchanges:\n  - manage.py\n"
    )

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/01_a.md:3: the first step has no previous step to change; remove `changes:`"
    ]


def test_step_folder_without_a_page_is_reported(clean_repo):
    clean_repo.remove("docs/steps/02_b.md")

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == ["steps/02_b: has no page; create docs/steps/02_b.md"]


def test_page_without_a_step_folder_is_reported(clean_repo):
    clean_repo.write("docs/steps/09_later.md", "---\nstep: 09_later\n---\n")

    problems = _lines(check_declared_changes(clean_repo.root))

    assert problems == [
        "docs/steps/09_later.md:1: has no step folder steps/09_later; "
        "rename the page after its step folder"
    ]


# f. the Build it section

BUILD_INCLUDE = '--8<-- "docs/generated/02_b.build.md"\n'


def test_page_without_the_build_it_section_fails_the_check(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", "## Build it\n\n" + BUILD_INCLUDE, "")

    problems = _lines(run_checks(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md: has no `## Build it` section; add that heading, with the line "
        '--8<-- "docs/generated/02_b.build.md" under it'
    ]


def test_build_it_section_without_its_include_is_reported_at_the_heading(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", BUILD_INCLUDE, "Write the files.\n")

    problems = _lines(check_build_sections(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:20: the `## Build it` section does not include "
        'docs/generated/02_b.build.md; add the line --8<-- "docs/generated/02_b.build.md" under '
        "the heading"
    ]


def test_include_under_the_next_section_is_reported_as_outside(clean_repo):
    _replace(
        clean_repo,
        "docs/steps/02_b.md",
        BUILD_INCLUDE,
        "Write it.\n\n## Run it\n\n" + BUILD_INCLUDE,
    )

    problems = _lines(check_build_sections(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:20: the `## Build it` section does not include "
        'docs/generated/02_b.build.md; add the line --8<-- "docs/generated/02_b.build.md" under '
        "the heading",
        "docs/steps/02_b.md:26: includes docs/generated/02_b.build.md outside the `## Build it` "
        "section (line 20); include it in that section only",
    ]


def test_include_twice_in_the_section_is_reported_at_the_second(clean_repo):
    page = clean_repo.read("docs/steps/02_b.md")
    clean_repo.write("docs/steps/02_b.md", page + "\n" + BUILD_INCLUDE)

    problems = _lines(check_build_sections(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:24: includes docs/generated/02_b.build.md a second time (first at "
        "line 22); remove it"
    ]


def test_indented_include_is_reported(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", BUILD_INCLUDE, "    " + BUILD_INCLUDE)

    problems = _lines(check_build_sections(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:22: indents the include of docs/generated/02_b.build.md; start the "
        "line at the margin, so that no block hides the files to write"
    ]


def test_second_build_it_heading_is_reported(clean_repo):
    page = clean_repo.read("docs/steps/02_b.md")
    clean_repo.write("docs/steps/02_b.md", page + "\n## Build it\n")

    problems = _lines(check_build_sections(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md:24: has a second `## Build it` heading (first at line 20); keep one"
    ]


def test_build_it_heading_inside_a_code_block_does_not_count(clean_repo):
    _replace(
        clean_repo,
        "docs/steps/02_b.md",
        "## Build it\n\n" + BUILD_INCLUDE,
        "```markdown\n## Build it\n```\n",
    )

    problems = _lines(check_build_sections(clean_repo.root))

    assert problems == [
        "docs/steps/02_b.md: has no `## Build it` section; add that heading, with the line "
        '--8<-- "docs/generated/02_b.build.md" under it'
    ]


def test_level_three_headings_stay_inside_the_build_it_section(clean_repo):
    _replace(clean_repo, "docs/steps/02_b.md", BUILD_INCLUDE, "### The files\n\n" + BUILD_INCLUDE)

    problems = check_build_sections(clean_repo.root)

    assert problems == []


def test_page_without_a_step_folder_is_left_to_the_page_check(clean_repo):
    clean_repo.write("docs/steps/09_later.md", "---\nstep: 09_later\n---\n")

    problems = check_build_sections(clean_repo.root)

    assert problems == []
