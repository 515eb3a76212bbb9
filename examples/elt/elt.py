"""Task code for elt.yaml. Plain functions; the python runner calls them with their named inputs
and prints the return value as ORK_OUTPUT. Standard library only."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def bronze_loader(source: str, date: str) -> dict:
    """Load the raw JSON file of one source (a real pipeline would fetch it for `date`)."""
    path = os.path.join(HERE, "data", f"{source}.json")
    with open(path, encoding="utf-8") as f:
        rows = json.load(f)
    print(f"bronze {source} for {date}: {len(rows)} rows")
    return {"source": source, "count": len(rows), "path": path}


def silver_transform(bronze: dict) -> dict:
    """Drop rows without an id and de-duplicate by id."""
    with open(bronze["path"], encoding="utf-8") as f:
        rows = json.load(f)
    ids = sorted({r["id"] for r in rows if isinstance(r.get("id"), int)})
    return {"source": bronze["source"], "records": len(ids), "ids": ids}


def gold_analytics(posts: dict, comments: dict, user_count: int) -> dict:
    users = max(user_count, 1)
    return {
        "users": user_count,
        "posts": posts["records"],
        "comments": comments["records"],
        "avg_posts_per_user": round(posts["records"] / users, 3),
        "avg_comments_per_user": round(comments["records"] / users, 3),
    }
