"""The API documentation page's content, read from the application's own OpenAPI schema:
each path with its summary and parameters, so the page cannot drift from the API."""

from __future__ import annotations

from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict[str, Any]) -> tuple[str, list[str]]:
    """A parameter's type in words and its limits ("at most 100 characters", ...)."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"] or [schema]
    names, limits = [], []
    for s in options:
        kind = s.get("type", "any")
        if kind == "array":
            kind = f"list of {s.get('items', {}).get('type', 'any')}"
        names.append(kind)
        if "minimum" in s and "maximum" in s:
            limits.append(f"{s['minimum']} to {s['maximum']}")
        elif "minimum" in s:
            limits.append(f"at least {s['minimum']}")
        elif "maximum" in s:
            limits.append(f"at most {s['maximum']}")
        if "maxLength" in s:
            limits.append(f"at most {s['maxLength']} characters")
        if "pattern" in s:
            limits.append(f"matching {s['pattern']}")
        if "enum" in s:
            limits.append("one of " + ", ".join(str(v) for v in s["enum"]))
    return " or ".join(names), limits


def _example(route: str, parameters: list[dict[str, Any]]) -> str | None:
    """A URL to try for a GET without path parameters."""
    if "{" in route:
        return None
    needed = [p for p in parameters if p["required"]]
    if any(p["name"] != "q" for p in needed):
        return None
    return f"{route}?q=tariff" if needed else route


def endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation in the schema: method, path, summary, description, parameters."""
    out = []
    for route, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            parameters = []
            for p in op.get("parameters", []):
                kind, limits = _type(p.get("schema", {}))
                default = p.get("schema", {}).get("default")
                parameters.append({"name": p["name"], "in": p.get("in", "query"), "required": bool(p.get("required")),
                                   "type": kind, "limits": limits, "default": default,
                                   "description": p.get("description") or p.get("schema", {}).get("description") or ""})
            out.append({"method": method.upper(), "path": route, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "parameters": parameters,
                        "anchor": "op-" + op.get("operationId", f"{method}-{route}"),
                        "example": _example(route, parameters) if method == "get" else None})
    return out
