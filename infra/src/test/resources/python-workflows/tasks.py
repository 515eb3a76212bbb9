from typing import Optional


def load(source: str, limit: int = 10) -> dict:
    return {"source": source, "limit": limit}


def scale(values: list[float], factor: float, *, label: Optional[str] = None) -> list:
    return [v * factor for v in values]


def summarise(report: dict) -> dict:
    return report


def count(n: int) -> int:
    return n


def ping() -> str:
    return "pong"
