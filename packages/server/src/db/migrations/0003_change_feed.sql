-- Per-chat change counter: every stored or modified message takes the chat's next change_seq,
-- so a client that remembers the last change_seq it saw can fetch everything that changed
-- since (new messages now; edits, deletes and reactions when they come) in one ordered range.
ALTER TABLE chats ADD COLUMN change_seq integer NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN change_seq integer NOT NULL DEFAULT 0;

-- Existing messages: their seq is a valid, gap-free change order.
UPDATE messages SET change_seq = seq;
UPDATE chats SET change_seq = last_seq;

CREATE INDEX messages_chat_change_idx ON messages (chat_id, change_seq);
