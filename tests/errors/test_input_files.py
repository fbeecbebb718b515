"""Files that are not OpenAPI documents at all: each is one clear diagnostic and exit code 2.

Line and column are 1-based and count characters; the expected values were checked by hand
against the fixture text (comments show the line they point at).
"""

from __future__ import annotations

import random
from pathlib import Path

from errors_support import MINIMAL, fails_with, gen, write

BINARY_HINT = "    hint: pass the OpenAPI document (.yaml, .yml or .json)\n"
MAPPING_HINT = (
    "    hint: an OpenAPI document is a mapping that starts with 'openapi: 3.1.0' and 'info:'\n"
)


def test_missing_file(work: Path) -> None:
    fails_with(
        "nope.yaml", "nope.yaml: error: no such file\n    hint: check the path given to --spec\n"
    )


def test_missing_file_in_missing_folder(work: Path) -> None:
    fails_with(
        "specs/nope.yaml",
        "specs/nope.yaml: error: no such file\n    hint: check the path given to --spec\n",
    )


def test_directory_lists_candidate_documents(work: Path) -> None:
    write("api/openapi.yaml", MINIMAL)
    write("api/README.md", "docs")
    fails_with(
        "api",
        "api: error: this is a folder, not a file\n"
        "    hint: pass the OpenAPI document itself; this folder holds openapi.yaml\n",
    )


def test_empty_directory(work: Path) -> None:
    Path("api").mkdir()
    fails_with(
        "api",
        "api: error: this is a folder, not a file\n"
        "    hint: pass the OpenAPI document itself, not the folder that holds it\n",
    )


def test_empty_file(work: Path) -> None:
    write("empty.yaml", "")
    fails_with(
        "empty.yaml",
        "empty.yaml:1:1: #: error: file is empty\n"
        "    hint: an OpenAPI document starts with 'openapi: 3.1.0'\n",
    )


def test_blank_file_is_empty(work: Path) -> None:
    write("blank.json", " \n\t\n")
    fails_with(
        "blank.json",
        "blank.json:1:1: #: error: file is empty\n"
        "    hint: an OpenAPI document starts with 'openapi: 3.1.0'\n",
    )


def test_only_comments(work: Path) -> None:
    write("comments.yaml", "# openapi: 3.1.0\n# (to do)\n")
    fails_with(
        "comments.yaml",
        "comments.yaml: error: the document is empty: it holds only comments\n" + MAPPING_HINT,
    )


def test_binary_file_names_the_nul_byte(work: Path) -> None:
    # offsets 0-7 are "\x89PNG\r\n\x1a\n": line breaks at 5 and 7, so offset 8 is line 3, col 1
    write("logo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    fails_with(
        "logo.yaml",
        "logo.yaml:3:1: #: error: file is binary, not YAML or JSON text (a NUL byte at offset 8)\n"
        + BINARY_HINT,
    )


def test_random_bytes(work: Path) -> None:
    data = b"openapi: 3.1.0\n" + random.Random(7).randbytes(4000) + b"\x00"
    write("garbage.yaml", data)
    run = gen("--spec", "garbage.yaml", "--out", "out")
    assert run.code == 2
    assert run.stderr.startswith("garbage.yaml:")
    assert ": error: file is binary, not YAML or JSON text (a NUL byte at offset " in run.stderr
    assert not Path("out").exists()


def test_random_bytes_without_nul(work: Path) -> None:
    data = bytes(b for b in random.Random(3).randbytes(4000) if b)
    write("garbage.json", data)
    run = gen("--spec", "garbage.json", "--out", "out")
    assert run.code == 2
    assert ": error: file is not UTF-8 text: byte 0x" in run.stderr
    assert "Traceback" not in run.stderr


def test_not_utf8(work: Path) -> None:
    # "openapi: 3.1.0\n" is 15 bytes, "info:\n" 6: 0xe9 is at offset 33, line 3, column 13
    write("latin1.yaml", b"openapi: 3.1.0\ninfo:\n  title: Caf\xe9\n")
    fails_with(
        "latin1.yaml",
        "latin1.yaml:3:13: #/info/title: error: file is not UTF-8 text: byte 0xe9 cannot be "
        "decoded\n"
        "    hint: save the file as UTF-8\n",
    )


def test_utf16(work: Path) -> None:
    write("utf16.yaml", MINIMAL.encode("utf-16"))
    fails_with(
        "utf16.yaml", "utf16.yaml:1:1: #: error: file is UTF-16 text\n    hint: save it as UTF-8\n"
    )


def test_yaml_syntax_error_points_at_the_unclosed_bracket(work: Path) -> None:
    write(
        "spec.yaml",
        "openapi: 3.1.0\n"
        "info:\n"
        "  title: Tiny\n"
        "  version: '1'\n"
        "tags: [pets, owners\n"  # line 5: '[' is column 7
        "paths: {}\n",  # line 6: libyaml notices here
    )
    fails_with(
        "spec.yaml",
        "spec.yaml:6:6: #/tags: error: invalid YAML: did not find expected ',' or ']'\n"
        "    hint: the bracket opened at line 5, column 7 is not closed with ']'\n",
    )


def test_yaml_bad_indentation(work: Path) -> None:
    write(
        "spec.yaml",
        "openapi: 3.1.0\n"
        "info:\n"
        "  title: Tiny\n"
        " version: '1'\n",  # line 4, column 2: neither under info nor at the top
    )
    fails_with(
        "spec.yaml",
        "spec.yaml:4:2: #: error: invalid YAML: did not find expected key\n"
        "    hint: check the indentation of this line and the lines above\n",
    )


def test_yaml_tab_indentation(work: Path) -> None:
    write("spec.yaml", "openapi: 3.1.0\ninfo:\n\ttitle: Tiny\n")  # the tab is line 3, column 1
    fails_with(
        "spec.yaml",
        "spec.yaml:3:1: #/info: error: invalid YAML: found character that cannot start any token\n"
        "    hint: indent with spaces: YAML does not allow tabs for indentation\n",
    )


def test_yaml_two_documents(work: Path) -> None:
    write("spec.yaml", MINIMAL + "---\nopenapi: 3.0.0\n")  # '---' is line 13
    fails_with(
        "spec.yaml",
        "spec.yaml:13:1: #: error: invalid YAML: the file holds more than one YAML document\n"
        "    hint: keep one document per file: remove the second '---' and after\n",
    )


def test_yaml_python_tag_is_refused(work: Path) -> None:
    write("spec.yaml", MINIMAL + "x-run: !!python/object/apply:os.system ['true']\n")
    fails_with(
        "spec.yaml",
        "spec.yaml:13:8: #: error: invalid YAML: unsupported tag !!python/object/apply:os.system\n"
        "    hint: remove the tag: an OpenAPI document needs only plain YAML values\n",
    )


def test_yaml_control_character(work: Path) -> None:
    write("spec.yaml", "openapi: 3.1.0\ninfo:\n  title: 'T\x07ny'\n")  # U+0007: line 3, col 12
    fails_with(
        "spec.yaml",
        "spec.yaml:3:12: error: invalid YAML: control characters are not allowed: U+0007\n"
        "    hint: remove it, or write it as an escape (e.g. \\x01) inside double quotes\n",
    )


def test_json_trailing_comma(work: Path) -> None:
    write(
        "spec.json",
        '{\n  "openapi": "3.1.0",\n'
        '  "info": {"title": "Tiny", "version": "1",},\n'
        '  "paths": {}\n}\n',
    )
    # line 3: the '}' after the trailing comma is column 44
    fails_with(
        "spec.json",
        "spec.json:3:44: #/info: error: invalid JSON: "
        "Expecting property name enclosed in double quotes\n"
        "    hint: remove the comma before '}': JSON allows no trailing commas\n",
    )


def test_json_single_quotes(work: Path) -> None:
    write("spec.json", "{'openapi': '3.1.0'}")
    fails_with(
        "spec.json",
        "spec.json:1:2: #: error: invalid JSON: Expecting property name enclosed in double quotes\n"
        "    hint: JSON strings and keys use double quotes\n",
    )


def test_json_cut_short(work: Path) -> None:
    write("spec.json", '{\n  "openapi": "3.1.0",\n  "info": {\n')
    fails_with(
        "spec.json",
        "spec.json:4:1: #/info: error: invalid JSON: "
        "Expecting property name enclosed in double quotes\n"
        "    hint: the file ends before the document does; is it cut short?\n",
    )


def test_json_missing_comma(work: Path) -> None:
    write("spec.json", '{\n  "openapi": "3.1.0"\n  "info": {}\n}')  # line 3, column 3
    fails_with(
        "spec.json",
        "spec.json:3:3: #/openapi: error: invalid JSON: Expecting ',' delimiter\n"
        "    hint: a comma is missing between two items, or a bracket is not closed\n",
    )


def test_yaml_root_is_a_list(work: Path) -> None:
    write("spec.yaml", "- openapi: 3.1.0\n- info: {}\n")
    fails_with(
        "spec.yaml",
        "spec.yaml:1:1: #: error: the document is a list, not a mapping\n" + MAPPING_HINT,
    )


def test_yaml_root_is_a_scalar(work: Path) -> None:
    write("spec.yaml", "just some text\n")
    fails_with(
        "spec.yaml",
        "spec.yaml:1:1: #: error: the document is a string, not a mapping\n" + MAPPING_HINT,
    )


def test_json_root_is_an_array(work: Path) -> None:
    write("spec.json", '\n  [{"openapi": "3.1.0"}]\n')  # the '[' is line 2, column 3
    fails_with(
        "spec.json",
        "spec.json:2:3: #: error: the document is an array, not an object\n" + MAPPING_HINT,
    )


def test_json_root_is_a_number(work: Path) -> None:
    write("spec.json", "42\n")
    fails_with(
        "spec.json",
        "spec.json:1:1: #: error: the document is a number, not an object\n" + MAPPING_HINT,
    )
