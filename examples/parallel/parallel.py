"""Task code for parallel.yaml."""


def fetch_a() -> dict:
    return {"values": [1, 2, 3]}


def fetch_b() -> dict:
    return {"values": [10, 20]}


def combine(a: list, b: list) -> dict:
    return {"total": sum(a) + sum(b), "count": len(a) + len(b)}
