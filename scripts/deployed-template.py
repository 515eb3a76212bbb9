#!/usr/bin/env python3
"""Prints the plain CloudFormation that AWS deploys for template.yaml, as JSON.

Runs the SAM translator (aws-sam-translator) the way `sam deploy` does after `sam package`: local
CodeUri/ContentUri paths become S3 locations (placeholders here), then the
AWS::Serverless-2016-10-31 transform expands functions into roles, permissions, event source mappings
and aliases. Usage: scripts/deployed-template.py [template.yaml] > deployed.json
Exit 3 when aws-sam-translator is not installed (callers skip with that reason).
"""
import json
import os
import sys

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"aws-sam-translator is not installed ({e}); install it with pip install aws-sam-translator", file=sys.stderr)
    sys.exit(3)

PACKAGED = "s3://ork-packaged-artifacts/"


class NoManagedPolicies:
    """Ork names no managed policy in Policies; SAM adds the ones it attaches itself by ARN."""

    def load(self):
        return {}


def packaged(template):
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                props[key] = PACKAGED + os.path.basename(props[key].rstrip("/"))
    globals_function = template.get("Globals", {}).get("Function", {})
    if isinstance(globals_function.get("CodeUri"), str):
        globals_function["CodeUri"] = PACKAGED + os.path.basename(globals_function["CodeUri"])
    return template


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "template.yaml"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = packaged(yaml_parse(f.read()))
    json.dump(transform(template, {}, NoManagedPolicies()), sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
