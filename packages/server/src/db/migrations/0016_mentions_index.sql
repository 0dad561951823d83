-- Unread mentions for the chat list: only messages that mention someone are visited (a partial
-- index, small because most messages mention nobody) instead of every unread message of every
-- chat with a heap fetch each. The query repeats the predicate so the planner can use it
-- (modules/chats/chats.repo.ts listChatSummaries; docs/benchmarks.md).
CREATE INDEX messages_with_mentions_idx ON messages (chat_id, seq) WHERE cardinality(mentions) > 0;
