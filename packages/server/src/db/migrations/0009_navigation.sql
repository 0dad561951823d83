-- Replies, pinned messages and better search. Runs on PostgreSQL 15 and on PGlite (pg_trgm is
-- a contrib extension PGlite loads from @electric-sql/pglite/contrib/pg_trgm).

-- A reply points at the message it quotes; the quote's text is read from that message when a
-- page is presented (never copied), so deleting the original for everyone erases it everywhere.
-- ON DELETE SET NULL: a message removed outright (e.g. by an expiry job) leaves replies unquoted.
ALTER TABLE messages ADD COLUMN reply_to_id uuid REFERENCES messages (id) ON DELETE SET NULL;
CREATE INDEX messages_reply_to_idx ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;

-- Pins live on the message (a pin is a change of the message: change_seq, sync, message:updated).
ALTER TABLE messages ADD COLUMN pinned_at timestamptz;
ALTER TABLE messages ADD COLUMN pinned_by uuid REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX messages_pinned_idx ON messages (chat_id, pinned_at) WHERE pinned_at IS NOT NULL;
ALTER TABLE chats ADD COLUMN members_can_pin boolean NOT NULL DEFAULT false;

-- Search: English stemming ("running" finds "run") beside the existing 'simple' vector, and
-- trigrams so that part of a word ("wonde") finds "wonderful".
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE messages ADD COLUMN search_stemmed tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED;
CREATE INDEX messages_search_stemmed_idx ON messages USING gin (search_stemmed);
CREATE INDEX messages_body_trgm_idx ON messages USING gin (body gin_trgm_ops);
