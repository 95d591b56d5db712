"""Validates a crscheck FHIR export with fhir.resources (R4B models): the Bundle, then each entry's resource
by its resourceType. Prints "valid" or the validation errors, and exits non-zero on any."""
import json
import sys

from fhir.resources.R4B import get_fhir_model_class


def main(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    bundle_class = get_fhir_model_class("Bundle")
    bundle_class.model_validate_json(text)
    data = json.loads(text)
    for entry in data.get("entry", []):
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    print("valid")


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Exception as error:  # noqa: BLE001 - any failure is a validation failure to report
        print(error)
        sys.exit(1)
