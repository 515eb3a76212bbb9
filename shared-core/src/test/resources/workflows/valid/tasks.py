def extract(url: str) -> dict:
    return {"raw_path": "/tmp/x", "rows": 1}
