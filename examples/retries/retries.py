"""Task code for retries.yaml. ORK_ATTEMPT is the 1-based attempt number."""
import os


def flakey(fail_times: int) -> dict:
    attempt = int(os.environ.get("ORK_ATTEMPT", "1"))
    if attempt <= fail_times:
        raise RuntimeError(f"flakey failure on attempt {attempt} (fails while attempt <= {fail_times})")
    return {"message": f"succeeded on attempt {attempt}", "attempt": attempt}


def greet(message: str) -> str:
    return f"hello after retry: {message}"
