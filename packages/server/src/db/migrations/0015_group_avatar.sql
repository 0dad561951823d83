-- A group's or channel's photo: an image one of its admins uploaded. Current members may read
-- it (modules/files/files.repo.ts findReadableFile), and it is not swept as an orphan while a
-- chat shows it. Replacing or removing the photo deletes the old file when nothing else uses it.
ALTER TABLE chats ADD COLUMN avatar_file_id uuid REFERENCES files (id) ON DELETE SET NULL;
CREATE INDEX chats_avatar_file_idx ON chats (avatar_file_id) WHERE avatar_file_id IS NOT NULL;
