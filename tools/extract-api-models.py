#!/usr/bin/env python3
"""Extracts from botocore's AWS API models only the shapes the contract tests read.

    python3 tools/extract-api-models.py            # writes tests/contracts/models/<service>.json

botocore (Apache-2.0, https://github.com/boto/botocore) ships AWS's service models with the
enums, min/max and patterns that the npm package aws-sdk v2's apis/*.min.json leave out. It is
not on every machine, so the shapes the plan's payloads reach are committed as fixtures with
the botocore version they came from. Rerun after upgrading botocore and review the diff.
"""
import datetime
import json
import os
import sys

import botocore
from botocore.loaders import Loader

# service -> (API version, root shapes: the payloads passed verbatim to AWS, see tests/contracts.spec.ts)
ROOTS = {
    "ecs": ("2014-11-13", ["ContainerDefinition"]),
    "cloudwatch": ("2010-08-01", ["PutMetricAlarmInput", "PutCompositeAlarmInput", "PutDashboardInput"]),
    "application-autoscaling": ("2016-02-06", ["PutScalingPolicyRequest", "PutScheduledActionRequest"]),
    "s3": ("2006-03-01", ["ReplicationConfiguration", "BucketLifecycleConfiguration"]),
}
KEEP = ("type", "required", "enum", "min", "max", "pattern", "flattened")


def extract(service, version, roots):
    model = Loader().load_service_model(service, "service-2", version)
    shapes = model["shapes"]
    out = {}

    def walk(name):
        if name in out:
            return
        shape = shapes[name]
        kept = {k: shape[k] for k in KEEP if k in shape}
        out[name] = kept
        if shape["type"] == "structure":
            kept["members"] = {}
            for member, ref in shape["members"].items():
                kept["members"][member] = {"shape": ref["shape"]}
                if "locationName" in ref:
                    kept["members"][member]["locationName"] = ref["locationName"]
                walk(ref["shape"])
        elif shape["type"] == "list":
            kept["member"] = {"shape": shape["member"]["shape"]}
            walk(shape["member"]["shape"])
        elif shape["type"] == "map":
            kept["key"] = {"shape": shape["key"]["shape"]}
            kept["value"] = {"shape": shape["value"]["shape"]}
            walk(shape["key"]["shape"])
            walk(shape["value"]["shape"])

    for root in roots:
        walk(root)
    return {
        "source": f"botocore {botocore.__version__}, botocore/data/{service}/{version}/service-2.json",
        "license": "Apache-2.0 (botocore, Copyright Amazon.com, Inc. or its affiliates); shapes extracted without their documentation",
        "extracted": datetime.date.today().isoformat(),
        "apiVersion": version,
        "roots": roots,
        "shapes": dict(sorted(out.items())),
    }


USAGE = """Usage: python3 tools/extract-api-models.py

Rewrites tests/contracts/models/*.json from the botocore installed for this python3.

Options:
  -h, --help   this text
"""


def main():
    args = sys.argv[1:]
    if args in (["-h"], ["--help"]):
        sys.stdout.write(USAGE)
        return 0
    if args:
        sys.stderr.write(f"Unknown argument {args[0]!r}.\n{USAGE}")
        return 2
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "contracts", "models")
    os.makedirs(root, exist_ok=True)
    for service, (version, roots) in ROOTS.items():
        doc = extract(service, version, roots)
        path = os.path.join(root, f"{service}.json")
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        print(f"{path}: {len(doc['shapes'])} shapes from {doc['source']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
