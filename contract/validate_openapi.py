"""Validates an OpenAPI document as OpenAPI 3.1 with openapi-spec-validator.

Unlike the tool's command line, which stops at the first error (and prints the whole
document when a `$ref` dangles), this lists every error, grouped by kind with counts:

1. every local `$ref` that points nowhere, with where it is used;
2. every error of the OpenAPI 3.1 schema (dangling `$ref`s replaced by `{}` so that the
   rest of the document is still checked).

Exit status 0 when the document is valid, 1 otherwise.
Usage: python validate_openapi.py openapi/openapi.json
"""

from __future__ import annotations

import copy
import json
import sys
from collections import defaultdict

from openapi_spec_validator import OpenAPIV31SpecValidator, validate


def pointer(doc, ref: str):
    node = doc
    for part in ref.lstrip("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(ref)
    return node


def walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def where(path) -> str:
    """A short, readable location: `GET /api/v1/x responses.200` or `schemas.Foo.bar`."""
    p = list(path)
    if len(p) >= 3 and p[0] == "paths":
        rest = ".".join(str(x) for x in p[3:])
        return f"{str(p[2]).upper()} {p[1]} {rest}".strip()
    if len(p) >= 2 and p[0] == "components":
        return ".".join(str(x) for x in p[1:])
    return ".".join(str(x) for x in p)


def main(file: str) -> int:
    with open(file, encoding="utf-8") as f:
        doc = json.load(f)

    problems = 0

    # 1. Dangling local references.
    dangling: dict[str, list[str]] = defaultdict(list)
    for path, node in walk(doc):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref.startswith("#"):
                try:
                    pointer(doc, ref)
                except KeyError:
                    dangling[ref].append(where(path))
    for ref, uses in sorted(dangling.items()):
        problems += len(uses)
        print(f"dangling $ref {ref}: {len(uses)} use(s)")
        for u in uses[:6]:
            print(f"    at {u}")
        if len(uses) > 6:
            print(f"    ... and {len(uses) - 6} more")

    # 2. The OpenAPI 3.1 schema, with dangling references neutralised.
    checked = copy.deepcopy(doc)
    if dangling:
        for _, node in walk(checked):
            if isinstance(node, dict) and node.get("$ref") in dangling:
                del node["$ref"]
    groups: dict[str, list[str]] = defaultdict(list)
    try:
        for e in OpenAPIV31SpecValidator(checked).iter_errors():
            first_line = e.message.splitlines()[0]
            schema_at = "/".join(str(x) for x in list(e.schema_path)[-3:])
            groups[f"{first_line}  [{schema_at}]"].append(where(e.path))
    except Exception as ex:  # a validator crash is itself a failure
        groups[f"validator raised {type(ex).__name__}: {str(ex)[:200]}"].append("")
    for kind, locations in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        problems += len(locations)
        print(f"{len(locations):4d} x {kind}")
        for loc in locations[:5]:
            print(f"         at {loc}")
        if len(locations) > 5:
            print(f"         ... and {len(locations) - 5} more")

    # 3. The library's own verdict, as openapi-spec-validator's CLI gives it.
    if not problems:
        try:
            validate(doc)
        except Exception as ex:
            problems += 1
            print(f"openapi-spec-validator: {type(ex).__name__}: {str(ex).splitlines()[0][:300]}")

    if problems:
        print(f"{file}: INVALID as OpenAPI 3.1 ({problems} problem(s))")
        return 1
    print(f"{file}: valid OpenAPI 3.1")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "openapi/openapi.json"))
