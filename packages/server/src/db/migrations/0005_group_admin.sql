-- Group administration: settings on the chat, and former members.
-- Runs on PostgreSQL 15 and on PGlite.
ALTER TABLE chats ADD COLUMN only_admins_can_post boolean NOT NULL DEFAULT false;
ALTER TABLE chats ADD COLUMN members_can_add_others boolean NOT NULL DEFAULT false;

-- Someone who left or was removed leaves chat_members (so every membership check, room join,
-- receipt, typing, presence, search and push query excludes them with no change) and gets a
-- row here: they can still read the chat up to the system message that recorded their
-- departure (left_at_seq, and left_at_change_seq for sync), never anything after it.
-- Re-adding them deletes this row.
CREATE TABLE chat_former_members (
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  left_at_seq integer NOT NULL,
  left_at_change_seq integer NOT NULL,
  left_at timestamptz NOT NULL DEFAULT now(),
  read_seq integer NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_former_members_user_idx ON chat_former_members (user_id, chat_id);
