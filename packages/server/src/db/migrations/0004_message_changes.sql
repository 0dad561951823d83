-- Edit, delete for everyone and reactions. Each of them bumps the chat's change_seq and stamps
-- the message with it (see 0003), so clients that were offline get the new copy through sync.
ALTER TABLE messages ADD COLUMN edited_at timestamptz;
-- Set when deleted for everyone; the body is cleared at the same time (the content is gone).
ALTER TABLE messages ADD COLUMN deleted_at timestamptz;

-- The bodies a message had before each edit, kept so that members can see the history.
CREATE TABLE message_edits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  body text NOT NULL,
  edited_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_edits_message_idx ON message_edits (message_id, edited_at);

CREATE TABLE message_reactions (
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  emoji text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id, emoji)
);
