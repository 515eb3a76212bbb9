def load(source: str) -> dict:
    return {"source": source


def other():
    pass
