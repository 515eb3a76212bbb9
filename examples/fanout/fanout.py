"""Task code for fanout.yaml. Standard library only."""
import time

WORDS = "the quick brown fox jumps over the lazy dog".split()


def list_partitions(count: int) -> dict:
    """A real pipeline would list files or table partitions; here each holds a few words."""
    parts = [{"name": f"part-{i}", "text": " ".join(WORDS[: 1 + i % len(WORDS)])} for i in range(count)]
    return {"partitions": parts}


def count_words(partition: dict, position: int) -> dict:
    time.sleep(0.2)  # some work, so the 3-at-a-time bound is visible in `ork status`
    return {"partition": partition["name"], "position": position, "words": len(partition["text"].split())}


def total(counts: list) -> dict:
    return {"partitions": len(counts), "words": sum(c["words"] for c in counts)}
