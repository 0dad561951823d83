-- Uploaded files and which messages they are attached to. The bytes live in the storage driver
-- (local disk or S3) under storage_key / thumbnail_key; rows here say who may read them.
CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  uploader_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  storage_key text NOT NULL,
  thumbnail_key text,
  name text NOT NULL,
  mime_type text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('image', 'audio', 'file')),
  size bigint NOT NULL,
  width integer,
  height integer,
  placeholder text,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The sweep looks for old files that were never attached.
CREATE INDEX files_created_at_idx ON files (created_at);
CREATE INDEX files_uploader_idx ON files (uploader_id);

-- A file may be on several messages (sent again by its uploader); chat_id and seq are copied
-- from the message so the shared-media view and download checks need no join to messages.
CREATE TABLE message_attachments (
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  position smallint NOT NULL,
  PRIMARY KEY (message_id, file_id)
);
CREATE INDEX message_attachments_file_idx ON message_attachments (file_id);
CREATE INDEX message_attachments_chat_idx ON message_attachments (chat_id, seq DESC);
