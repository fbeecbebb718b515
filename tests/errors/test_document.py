"""Documents that parse but are not usable OpenAPI: outline, references, schemas, operations.

Every diagnostic names the file, the line and column of the offending node and its JSON
pointer; the expected places were checked by hand against the fixture text.
"""

from __future__ import annotations

import re
from pathlib import Path

from errors_support import MINIMAL, fails_strictly, fails_with, gen, write

HEAD = 'openapi: 3.1.0\ninfo:\n  title: Tiny\n  version: "1"\npaths: {}\n'  # lines 1-5

CYCLE_HINT = (
    "    hint: recursion must pass through properties, items or the like; "
    "make one schema of the cycle a real schema\n"
)
TYPES = "null, boolean, object, array, number, integer, string"


def test_swagger_2(work: Path) -> None:
    write("spec.yaml", 'swagger: "2.0"\ninfo:\n  title: Tiny\n  version: "1"\npaths: {}\n')
    fails_with(
        "spec.yaml",
        "spec.yaml:1:1: #/swagger: error: this is a Swagger 2.0 document; "
        "gen reads OpenAPI 3.0 and 3.1\n"
        "    hint: convert it to OpenAPI 3 first (e.g. with swagger2openapi)\n",
    )


def test_missing_openapi(work: Path) -> None:
    write("spec.yaml", 'info:\n  title: Tiny\n  version: "1"\npaths: {}\n')
    fails_with(
        "spec.yaml",
        "spec.yaml:1:1: #: error: the 'openapi' field is missing\n"
        "    hint: add 'openapi: 3.1.0' (or the 3.0.x version the document follows) at the top\n",
    )


def test_openapi_version_as_a_number(work: Path) -> None:
    write("spec.yaml", HEAD.replace("3.1.0", "3.1"))
    fails_strictly(
        "spec.yaml",
        "spec.yaml:1:1: #/openapi: error: 'openapi' must be a version string such as '3.1.0', "
        "not a number\n"
        "    hint: quote it: openapi: '3.1.0'\n",
    )


def test_unsupported_openapi_version(work: Path) -> None:
    write("spec.json", '{"openapi": "4.0.0", "info": {"title": "Tiny", "version": "1"}}')
    fails_with(
        "spec.json",
        "spec.json:1:2: #/openapi: error: unsupported OpenAPI version '4.0.0'\n"
        "    hint: gen reads OpenAPI 3.0.x and 3.1.x documents\n",
    )


def test_paths_not_a_mapping(work: Path) -> None:
    write("spec.yaml", "openapi: 3.1.0\ninfo: {title: Tiny, version: '1'}\npaths: [/pets]\n")
    fails_strictly(
        "spec.yaml",
        "spec.yaml:3:1: #/paths: error: 'paths' must be a mapping, not a list\n"
        "    hint: write paths: {} if there is nothing in it\n",
    )


def test_missing_info(work: Path) -> None:
    write("spec.yaml", "openapi: 3.1.0\npaths: {}\n")
    fails_strictly(
        "spec.yaml",
        "spec.yaml:1:1: #: error: the 'info' object is missing\n"
        "    hint: add info: {title: My API, version: '1.0'}\n",
    )


def test_missing_info_title(work: Path) -> None:
    write("spec.yaml", 'openapi: 3.1.0\ninfo:\n  version: "1"\npaths: {}\n')
    fails_strictly(
        "spec.yaml",
        "spec.yaml:2:1: #/info: error: 'info.title' is missing\n"
        "    hint: add a title: it names the generated package\n",
    )


def test_info_title_not_a_string(work: Path) -> None:
    write("spec.yaml", "openapi: 3.1.0\ninfo:\n  version: '1'\n  title: [a]\n")
    fails_strictly(
        "spec.yaml",
        "spec.yaml:4:3: #/info/title: error: 'info.title' must be a string, not a list\n"
        "    hint: write the API's name, e.g. title: Pet Store\n",
    )


def test_unresolvable_local_ref_suggests_a_close_name(work: Path) -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n"
        "  schemas:\n"
        "    Pet:\n"
        "      type: object\n"
        "      properties:\n"
        "        owner:\n"
        "          $ref: '#/components/schemas/Ownr'\n"  # line 12, column 11
        "    Owner:\n"
        "      type: string\n",
    )
    fails_strictly(
        "spec.yaml",
        "spec.yaml:12:11: #/components/schemas/Pet/properties/owner/$ref: error: "
        "$ref '#/components/schemas/Ownr' points to nothing: #/components/schemas has no 'Ownr'\n"
        "    hint: did you mean '#/components/schemas/Owner'?\n",
    )


def test_ref_without_hash_reads_as_a_file_name(work: Path) -> None:
    write("spec.yaml", HEAD + "components:\n  schemas:\n    Pet:\n      $ref: Owner\n")
    fails_with(
        "spec.yaml",
        "spec.yaml:9:7: #/components/schemas/Pet/$ref: error: "
        "cannot resolve $ref 'Owner': there is no file Owner\n"
        "    hint: a reference into this document starts with '#': "
        "'#/components/schemas/Owner'\n",
    )


def test_ref_fragment_without_slash(work: Path) -> None:
    write("spec.yaml", HEAD + "components:\n  schemas:\n    Pet:\n      $ref: '#components'\n")
    fails_strictly(
        "spec.yaml",
        "spec.yaml:9:7: #/components/schemas/Pet/$ref: error: "
        "$ref '#components' is not a valid JSON pointer: after '#' it must start with '/'\n"
        "    hint: write '#/components'\n",
    )


def test_remote_ref(work: Path) -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    Pet:\n      $ref: 'https://example.com/pet.json'\n",
    )
    fails_strictly(
        "spec.yaml",
        "spec.yaml:9:7: #/components/schemas/Pet/$ref: error: "
        "cannot resolve $ref 'https://example.com/pet.json': "
        "only local pointers and relative files work\n"
        "    hint: download the remote document and refer to it by a relative path\n",
    )


def test_ref_to_missing_file(work: Path) -> None:
    write(
        "specs/spec.yaml", HEAD + "components:\n  schemas:\n    Pet:\n      $ref: 'pet.yaml#/Pet'\n"
    )
    fails_with(
        "specs/spec.yaml",
        "specs/spec.yaml:9:7: #/components/schemas/Pet/$ref: error: "
        "cannot resolve $ref 'pet.yaml#/Pet': there is no file specs/pet.yaml\n"
        "    hint: the path is relative to the folder of the file that holds the $ref\n",
    )


def test_ref_leaving_the_spec_folder(work: Path) -> None:
    write("secret.yaml", "Pet: {type: string}\n")
    write(
        "specs/spec.yaml",
        HEAD + "components:\n  schemas:\n    Pet:\n      $ref: '../secret.yaml#/Pet'\n",
    )
    fails_with(
        "specs/spec.yaml",
        "specs/spec.yaml:9:7: #/components/schemas/Pet/$ref: error: "
        "cannot resolve $ref '../secret.yaml#/Pet': it leaves the folder of the entry document\n"
        "    hint: keep referenced files beside the spec or in a subfolder of it\n",
    )


def test_problems_inside_a_referenced_file_name_that_file(work: Path) -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    Pet:\n      $ref: 'pet.yaml#/Pet'\n"
        "    Gone:\n      $ref: 'pet.yaml#/Gone'\n",  # line 11, column 7
    )
    write(
        "pet.yaml",
        "Pet:\n"
        "  type: object\n"
        "  properties:\n"
        "    tag: {type: strin}\n"  # line 4: 'type' is column 11
        "    owner: {$ref: '#/Owner'}\n",  # line 5: '$ref' is column 13
    )
    fails_strictly(
        "spec.yaml",
        "spec.yaml:11:7: #/components/schemas/Gone/$ref: error: "
        "$ref 'pet.yaml#/Gone' points to nothing in pet.yaml: the top level has no 'Gone'\n"
        "    hint: check the spelling of the target\n"
        "pet.yaml:4:11: #/Pet/properties/tag/type: error: "
        f"unknown type 'strin' (expected one of: {TYPES})\n"
        "    hint: did you mean 'string'?\n"
        "pet.yaml:5:13: #/Pet/properties/owner/$ref: error: "
        "$ref '#/Owner' points to nothing: the top level has no 'Owner'\n"
        "    hint: check the spelling of the target\n",
        errors=3,
    )


def test_syntax_error_in_a_referenced_file(work: Path) -> None:
    write("spec.yaml", HEAD + "components:\n  schemas:\n    Pet:\n      $ref: 'pet.json#/Pet'\n")
    write("pet.json", '{"Pet": {"type": "string",}}')
    fails_with(
        "spec.yaml",
        "pet.json:1:27: #/Pet: error: invalid JSON: "
        "Expecting property name enclosed in double quotes\n"
        "    hint: remove the comma before '}': JSON allows no trailing commas\n",
    )


def test_ref_cycles_without_structure(work: Path) -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n"
        "  schemas:\n"
        "    A:\n"  # line 8
        "      $ref: '#/components/schemas/B'\n"
        "    B:\n"
        "      $ref: '#/components/schemas/A'\n"
        "    Self:\n"  # line 12
        "      $ref: '#/components/schemas/Self'\n"
        "    Both:\n"  # line 14
        "      allOf:\n"
        "        - $ref: '#/components/schemas/Both'\n",
    )
    s = "#/components/schemas/"
    message = "error: schemas refer to each other in a loop that never reaches a value: "
    fails_strictly(
        "spec.yaml",
        f"spec.yaml:8:5: {s}A: {message}{s}A -> {s}B -> {s}A\n"
        + CYCLE_HINT
        + f"spec.yaml:12:5: {s}Self: {message}{s}Self -> {s}Self\n"
        + CYCLE_HINT
        + f"spec.yaml:14:5: {s}Both: {message}{s}Both -> {s}Both/allOf/0 -> {s}Both\n"
        + CYCLE_HINT,
        errors=3,
    )


def test_recursion_through_properties_is_fine(work: Path) -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    Node:\n      type: object\n"
        "      properties:\n        next: {$ref: '#/components/schemas/Node'}\n",
    )
    run = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert run.code == 1  # --check: the (missing) output differs; no error
    assert "error:" not in run.stderr


def test_unknown_type_suggests_the_right_one(work: Path) -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n"
        "  schemas:\n"
        "    Course:\n"
        "      type: object\n"
        "      properties:\n"
        "        type:\n"
        "          type: strng\n",  # line 12, column 11
    )
    fails_strictly(
        "spec.yaml",
        "spec.yaml:12:11: #/components/schemas/Course/properties/type/type: error: "
        f"unknown type 'strng' (expected one of: {TYPES})\n"
        "    hint: did you mean 'string'?\n",
    )


def test_unknown_type_in_json(work: Path) -> None:
    write(
        "spec.json",
        '{"openapi": "3.1.0", "info": {"title": "Tiny", "version": "1"},\n'
        ' "components": {"schemas": {\n'
        '   "Course": {"type": "object", "properties": {"kind": {"type": "intger"}}}}}}\n',
    )
    # line 3: the key "type" inside "kind" starts at column 57
    fails_strictly(
        "spec.json",
        "spec.json:3:57: #/components/schemas/Course/properties/kind/type: error: "
        f"unknown type 'intger' (expected one of: {TYPES})\n"
        "    hint: did you mean 'integer'?\n",
    )


def test_invalid_pattern_is_a_warning(work: Path) -> None:
    write(
        "spec.yaml",
        HEAD + "components:\n  schemas:\n    Code:\n      type: string\n"
        "      pattern: '[a-z'\n",  # line 10, column 7
    )
    run = gen("--spec", "spec.yaml", "--out", "out")
    warning, _, rest = run.stderr.partition("\n    hint: ")
    assert warning == (
        "spec.yaml:10:7: #/components/schemas/Code/pattern: warning: invalid regular expression "
        "'[a-z' (unterminated character class (missing ']') at offset 0); it is not checked"
    )
    hint, _, summary = rest.partition("\n")
    assert hint == "patterns are ECMA-262 regular expressions; fix the pattern to have it enforced"
    assert summary.startswith("gen: wrote out (")
    assert run.code == 0
    assert (Path("out") / "tiny" / "__init__.py").is_file()


def test_duplicate_operation_ids(work: Path) -> None:
    write(
        "spec.yaml",
        'openapi: 3.1.0\ninfo:\n  title: Tiny\n  version: "1"\n'
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      operationId: listPets\n"
        "      responses: {'200': {description: ok}}\n"
        "  /owners:\n"
        "    get:\n"
        "      operationId: listPets\n",  # line 12, column 7
    )
    fails_strictly(
        "spec.yaml",
        "spec.yaml:12:7: #/paths/~1owners/get/operationId: error: "
        "duplicate operationId 'listPets': GET /pets uses it too\n"
        "    hint: operationIds name the client's methods and must be unique; rename one\n",
    )


def test_derived_operation_id_taken(work: Path) -> None:
    write(
        "spec.yaml",
        'openapi: 3.1.0\ninfo:\n  title: Tiny\n  version: "1"\n'
        "paths:\n"
        "  /a:\n"
        "    get: {operationId: get_pets}\n"
        "  /pets:\n"
        "    get: {}\n",  # line 9, column 5
    )
    fails_strictly(
        "spec.yaml",
        "spec.yaml:9:5: #/paths/~1pets/get: error: this operation has no operationId, and the one "
        "made from its method and path, 'get_pets', is taken: GET /a uses it too\n"
        "    hint: give this operation an operationId\n",
    )


def test_undeclared_path_parameter(work: Path) -> None:
    write(
        "spec.yaml",
        'openapi: 3.1.0\ninfo:\n  title: Tiny\n  version: "1"\n'
        "paths:\n"
        "  /pets/{petId}:\n"
        "    get:\n"  # line 7, column 5
        "      operationId: getPet\n"
        "      responses: {'200': {description: ok}}\n",
    )
    fails_strictly(
        "spec.yaml",
        "spec.yaml:7:5: #/paths/~1pets~1{petId}/get: error: "
        "path parameter 'petId' of '/pets/{petId}' is not declared\n"
        "    hint: add {name: petId, in: path, required: true, schema: {type: string}} "
        "to the parameters of the operation or of the path\n",
    )


def test_several_errors_in_one_run(work: Path) -> None:
    write(
        "spec.yaml",
        'openapi: 3.1.0\ninfo:\n  title: Tiny\n  version: "1"\n'
        "paths:\n"
        "  /pets/{petId}:\n"
        "    get:\n"  # line 7
        "      operationId: getPet\n"
        "  /owners:\n"
        "    get:\n"
        "      operationId: getPet\n"  # line 11
        "components:\n"
        "  schemas:\n"
        "    Pet:\n"
        "      type: objekt\n"  # line 15
        "      properties:\n"
        "        owner: {$ref: '#/components/schemas/Owner'}\n",  # line 17, column 17
    )
    s = "#/components/schemas/Pet"
    fails_strictly(
        "spec.yaml",
        f"spec.yaml:15:7: {s}/type: error: unknown type 'objekt' (expected one of: {TYPES})\n"
        "    hint: did you mean 'object'?\n"
        f"spec.yaml:17:17: {s}/properties/owner/$ref: error: $ref '#/components/schemas/Owner' "
        "points to nothing: #/components/schemas has no 'Owner'\n"
        "    hint: check the spelling of the target\n"
        "spec.yaml:7:5: #/paths/~1pets~1{petId}/get: error: "
        "path parameter 'petId' of '/pets/{petId}' is not declared\n"
        "    hint: add {name: petId, in: path, required: true, schema: {type: string}} "
        "to the parameters of the operation or of the path\n"
        "spec.yaml:11:7: #/paths/~1owners/get/operationId: error: "
        "duplicate operationId 'getPet': GET /pets/{petId} uses it too\n"
        "    hint: operationIds name the client's methods and must be unique; rename one\n",
        errors=4,
    )


def test_minimal_spec_is_valid(work: Path) -> None:
    write("spec.yaml", MINIMAL)
    run = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert run.code == 1
    assert re.match(r"gen: \d+ files? in out differ from the spec:\n", run.stderr)
    assert not Path("out").exists()
