"""The per-worker memories of pages and feeds: bounded by entries, and by bytes when given a weight."""

from tender_board.lru import LruCache


def test_oldest_entry_forgotten_beyond_the_size():
    cache = LruCache(2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    cache.get("a")  # now the most recent
    cache.put("c", b"3")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"1", None, b"3")


def test_bytes_bound_forgets_the_oldest_until_the_rest_fit():
    cache = LruCache(100, max_bytes=10, weight=len)
    for key in "abcd":
        cache.put(key, b"xxxx")  # 4 bytes each: only two fit in 10
    assert [cache.get(key) for key in "abcd"] == [None, None, b"xxxx", b"xxxx"]
    assert cache.bytes == 8


def test_replacing_a_value_counts_only_the_new_one():
    cache = LruCache(100, max_bytes=10, weight=len)
    cache.put("a", b"123456")
    cache.put("a", b"12")
    cache.put("b", b"12345678")
    assert (cache.get("a"), cache.get("b"), cache.bytes) == (b"12", b"12345678", 10)


def test_value_heavier_than_the_budget_is_not_kept():
    cache = LruCache(100, max_bytes=10, weight=len)
    cache.put("small", b"1")
    cache.put("huge", b"x" * 11)
    assert (cache.get("small"), cache.get("huge"), len(cache)) == (b"1", None, 1)
