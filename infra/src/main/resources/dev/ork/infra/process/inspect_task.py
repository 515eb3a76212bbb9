"""Ork's Python signature reader: the top-level functions of a file, parsed with ast, never imported.

Usage: python3 inspect_task.py <file>. Prints one JSON object:
  {"functions": {name: {"line": n, "params": [{"name", "kind", "annotation", "default"}]}}}
  or {"syntax_error": {"message", "line", "col"}}.
"""
import ast
import json
import sys


def _params(args):
    out = []
    positional = args.posonlyargs + args.args
    first_default = len(positional) - len(args.defaults)
    for i, a in enumerate(positional):
        kind = "POSITIONAL_ONLY" if i < len(args.posonlyargs) else "POSITIONAL_OR_KEYWORD"
        out.append(_param(a, kind, i >= first_default))
    if args.vararg:
        out.append(_param(args.vararg, "VAR_POSITIONAL", False))
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        out.append(_param(a, "KEYWORD_ONLY", d is not None))
    if args.kwarg:
        out.append(_param(args.kwarg, "VAR_KEYWORD", False))
    return out


def _param(arg, kind, has_default):
    annotation = ast.unparse(arg.annotation) if arg.annotation is not None else None
    return {"name": arg.arg, "kind": kind, "annotation": annotation, "default": has_default}


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        source = f.read()
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        print(json.dumps({"syntax_error": {"message": e.msg, "line": e.lineno or 1, "col": e.offset or 1}}))
        return
    functions = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions[node.name] = {"line": node.lineno, "params": _params(node.args)}
    print(json.dumps({"functions": functions}))


main()
