-- The search indexes are GIN: an insert appends to the index's pending list, and the insert that
-- finds the list over gin_pending_list_limit (4 MB by default) merges all of it into the index
-- while the send batch that made it waits, with every send queued behind it. That merge was the
-- slowest send batch by far: 167-176 ms on PGlite (which has no autovacuum to merge it in the
-- background) and 89-91 ms on PostgreSQL, every ~4,000 messages. At 128 kB the merges are
-- 30 times smaller and as many times more frequent: the slowest batch was 17-19 ms on PGlite and
-- 10-12 ms on PostgreSQL, at the same CPU per message (bench/store --gin, docs/benchmarks.md).
ALTER INDEX messages_search_idx SET (gin_pending_list_limit = 128);
ALTER INDEX messages_search_stemmed_idx SET (gin_pending_list_limit = 128);
ALTER INDEX messages_body_trgm_idx SET (gin_pending_list_limit = 128);
