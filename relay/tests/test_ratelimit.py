"""The per-connection token bucket: bursts pass, floods are told once and then closed."""

from relay.ratelimit import TokenBucket, Verdict


def test_a_burst_within_the_bucket_is_admitted():
    bucket = TokenBucket(rate_per_s=5, burst=20)
    assert [bucket.take(0.0) for _ in range(20)] == [Verdict.ADMIT] * 20


def test_the_first_frame_over_the_limit_is_warned_and_the_next_dropped():
    bucket = TokenBucket(rate_per_s=5, burst=2)
    assert [bucket.take(0.0) for _ in range(4)] == [
        Verdict.ADMIT,
        Verdict.ADMIT,
        Verdict.WARN,
        Verdict.DROP,
    ]


def test_tokens_come_back_with_time():
    bucket = TokenBucket(rate_per_s=5, burst=2)
    bucket.take(0.0), bucket.take(0.0)
    assert bucket.take(0.1) is Verdict.WARN
    assert bucket.take(0.3) is Verdict.ADMIT  # 0.3 s × 5/s = 1.5 tokens
    assert bucket.take(0.3) is Verdict.WARN  # a new run of drops is warned again


def test_the_bucket_never_holds_more_than_a_burst():
    bucket = TokenBucket(rate_per_s=5, burst=3)
    verdicts = [bucket.take(3600.0) for _ in range(4)]
    assert verdicts == [Verdict.ADMIT] * 3 + [Verdict.WARN]


def test_a_flood_that_goes_on_is_closed():
    bucket = TokenBucket(rate_per_s=5, burst=1, max_dropped_in_a_row=5)
    verdicts = [bucket.take(0.0) for _ in range(6)]
    assert verdicts == [
        Verdict.ADMIT,
        Verdict.WARN,
        Verdict.DROP,
        Verdict.DROP,
        Verdict.DROP,
        Verdict.CLOSE,
    ]


def test_a_steady_fan_under_the_rate_is_never_dropped():
    bucket = TokenBucket(rate_per_s=5, burst=1)
    assert {bucket.take(step * 0.25) for step in range(100)} == {Verdict.ADMIT}
