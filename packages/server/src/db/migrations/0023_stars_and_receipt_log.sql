-- Star: per user, on all their devices (modules/stars).
CREATE TABLE starred_messages (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  starred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, message_id)
);
CREATE INDEX starred_messages_user_at_idx ON starred_messages (user_id, starred_at DESC);

-- Message info (modules/message-info): one row each time a member's delivered or read pointer
-- moves, not one per message and member. When the pointer passed message seq S is the time of
-- the first move with up_to_seq >= S: an index seek per member (pointers only move forward,
-- so up_to_seq and moved_at grow together).
CREATE TABLE receipt_moves (
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('delivered', 'read')),
  up_to_seq integer NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chat_id, user_id, kind, up_to_seq)
);
