-- Voice notes (issue 19): an audio upload sent with its length and waveform peaks (computed by
-- the recording client, validated by the upload route), and who played which voice message.
ALTER TABLE files ADD COLUMN duration_ms integer;
ALTER TABLE files ADD COLUMN waveform smallint[];

-- One row per listener and message, the first time they played it. Whether it is shown is
-- decided when messages are presented (only listeners who share read receipts are listed).
CREATE TABLE voice_plays (
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  played_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id)
);
