-- Unread counts as (last_seq - read_seq) minus the reader's own messages after their pointer:
-- seqs are gap-free, so only the reader's own recent messages need counting, which this index
-- answers with a short index-only range instead of visiting every unread row (see
-- modules/chats/chats.repo.ts listChatSummaries and docs/benchmarks.md).
CREATE INDEX messages_chat_sender_seq_idx ON messages (chat_id, sender_id, seq);
