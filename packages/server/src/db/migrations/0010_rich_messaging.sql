-- Rich messaging: mentions, forwarded copies, disappearing messages, delete for me, channels.
-- Runs on PostgreSQL 15 and on PGlite.

-- Mentioned members' ids, checked against membership when sent (never parsed from the text).
ALTER TABLE messages ADD COLUMN mentions uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE messages ADD COLUMN forwarded boolean NOT NULL DEFAULT false;
-- Set on messages sent while the chat had a disappearing timer; a server job erases them after it.
ALTER TABLE messages ADD COLUMN expires_at timestamptz;
CREATE INDEX messages_expiry_idx ON messages (expires_at) WHERE expires_at IS NOT NULL AND deleted_at IS NULL;

-- The chat's disappearing timer in seconds (null: off).
ALTER TABLE chats ADD COLUMN disappearing_seconds integer;

-- Delete for me. Hides are per user, so they do not take the chat's change_seq (other members
-- must not see a change): each user has their own counter (users.hide_seq) and a feed by it,
-- which every device of theirs syncs with its own cursor.
ALTER TABLE users ADD COLUMN hide_seq integer NOT NULL DEFAULT 0;
CREATE TABLE message_hides (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  hide_seq integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, message_id)
);
CREATE UNIQUE INDEX message_hides_feed_idx ON message_hides (user_id, hide_seq);

-- Channels: groups listed in a directory that anyone can join (the same members, roles and
-- settings as groups; "announcement" is only_admins_can_post).
ALTER TABLE chats DROP CONSTRAINT chats_type_check;
ALTER TABLE chats ADD CONSTRAINT chats_type_check CHECK (type IN ('direct', 'group', 'channel'));
CREATE INDEX chats_channel_name_idx ON chats (lower(name), id) WHERE type = 'channel';
