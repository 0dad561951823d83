-- Search walks messages newest first: a frequent word (in 10-100 % of rows) matches the newest
-- candidates within the first few thousand rows of this index, instead of a GIN bitmap of every
-- matching row followed by a top-N sort. PostgreSQL's estimate of how common the word is (the
-- tsvector statistics) picks between this walk and the GIN indexes for rare words
-- (modules/search/search.repo.ts; docs/benchmarks.md).
CREATE INDEX messages_created_at_idx ON messages (created_at);
