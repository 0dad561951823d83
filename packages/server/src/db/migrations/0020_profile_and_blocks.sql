-- A user's profile photo: a square image they uploaded. Anyone signed in may read it except
-- people the user blocked (modules/files/files.repo.ts findReadableFile); it is not swept as an
-- orphan while a profile shows it. Replacing or removing it deletes the old file when unused.
ALTER TABLE users ADD COLUMN avatar_file_id uuid REFERENCES files (id) ON DELETE SET NULL;
CREATE INDEX users_avatar_file_idx ON users (avatar_file_id) WHERE avatar_file_id IS NOT NULL;

-- A message sent to someone who blocked the sender (direct chats only): stored for the sender,
-- hidden for the blocker (a message_hides row) and never delivered, so it keeps one tick.
ALTER TABLE messages ADD COLUMN undelivered boolean NOT NULL DEFAULT false;

-- A new direct chat enters the other person's list with its first (delivered) message, not at
-- creation: until then `unlisted_for` names them and their chat list leaves it out.
ALTER TABLE chats ADD COLUMN unlisted_for uuid;
