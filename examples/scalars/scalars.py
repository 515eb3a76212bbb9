"""Process task: reads ORK_INPUT_JSON, prints ORK_OUTPUT:<json scalar>. Usage: python3 scalars.py <step>."""
import json
import os
import sys

inputs = json.loads(os.environ.get("ORK_INPUT_JSON") or "{}")
step = sys.argv[1]
if step == "seed":
    out = 21
elif step == "double":
    out = inputs["n"] * 2
elif step == "ratio":
    out = inputs["a"] / inputs["b"]
elif step == "describe":
    out = f"{inputs['label']} = {inputs['ratio']:.2f}" + (" (strict)" if inputs["strict"] else "")
else:
    print(f"unknown step {step}", file=sys.stderr)
    sys.exit(2)
print(f"ORK_OUTPUT:{json.dumps(out)}")
