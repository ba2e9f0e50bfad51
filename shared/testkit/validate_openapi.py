"""Checks OpenAPI documents for the tests (run by govtrack_testkit::openapi).

    validate_openapi.py DOC.json [EXAMPLES.json]

Each DOC must be a valid OpenAPI 3.x or Swagger 2.0 document (openapi-spec-validator).
With EXAMPLES ({"definition name": value, ...}), each value must also validate against
that definition of the last DOC, a Swagger 2.0 one, read as JSON Schema draft 4
(Swagger 2.0's dialect). Prints what failed and exits 1; prints "ok" and exits 0
otherwise.
"""
import json
import sys

from jsonschema import Draft4Validator
from openapi_spec_validator import validate


def main(args):
    if not args:
        print(__doc__)
        return 2
    docs = [a for a in args if not a.endswith(".examples.json")]
    examples = [a for a in args if a.endswith(".examples.json")]
    doc = None
    for path in docs:
        with open(path) as f:
            doc = json.load(f)
        if doc.get("swagger") != "2.0" and not str(doc.get("openapi", "")).startswith("3."):
            print(f"{path}: neither an OpenAPI 3 nor a Swagger 2.0 document")
            return 1
        try:
            validate(doc)
        except Exception as e:  # the validator's errors name the path
            print(f"{path}: {e}")
            return 1
    failures = 0
    for path in examples:
        with open(path) as f:
            for name, value in json.load(f).items():
                schema = dict(doc["definitions"][name])
                schema["definitions"] = doc["definitions"]
                for error in Draft4Validator(schema).iter_errors(value):
                    print(f"{name}: {list(error.path)}: {error.message}")
                    failures += 1
    if failures:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
