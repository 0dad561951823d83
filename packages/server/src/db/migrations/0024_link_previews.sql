-- Link previews (modules/link-previews). One row per URL fetched: the page's preview, or a
-- refusal/failure (ok = false) so a bad link is not fetched again before expires_at.
CREATE TABLE link_previews (
  url text PRIMARY KEY,
  ok boolean NOT NULL,
  title text,
  description text,
  site_name text,
  -- The page's image, fetched by the same fetcher and stored like an upload.
  image_file_id uuid REFERENCES files (id) ON DELETE SET NULL,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX link_previews_image_idx ON link_previews (image_file_id) WHERE image_file_id IS NOT NULL;

-- The preview shown on a message (a copy: a later refetch of the URL does not change sent
-- messages). link_preview_file_id says which file members of the chat may read through it.
ALTER TABLE messages ADD COLUMN link_preview jsonb;
ALTER TABLE messages ADD COLUMN link_preview_file_id uuid REFERENCES files (id) ON DELETE SET NULL;
CREATE INDEX messages_link_preview_file_idx ON messages (link_preview_file_id) WHERE link_preview_file_id IS NOT NULL;
