-- Per-member chat settings, synced across the member's devices: mute until a time (the far
-- future for "always"), archive, and pin to the top of the list.
ALTER TABLE chat_members ADD COLUMN muted_until timestamptz;
ALTER TABLE chat_members ADD COLUMN archived boolean NOT NULL DEFAULT false;
ALTER TABLE chat_members ADD COLUMN pinned_at timestamptz;
