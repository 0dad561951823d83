-- Accounts, chats, members with delivered/read pointers, messages with per-chat seq.
-- Runs on PostgreSQL 15 and on PGlite: no uuidv7(), no extensions needed.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  display_name text NOT NULL,
  password_hash text,
  avatar_url text,
  status_message text,
  privacy_read_receipts boolean NOT NULL DEFAULT true,
  privacy_typing boolean NOT NULL DEFAULT true,
  privacy_last_seen boolean NOT NULL DEFAULT true,
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_username_key UNIQUE (username)
);
CREATE INDEX users_display_name_lower_idx ON users (lower(display_name) text_pattern_ops);

-- Refresh tokens are stored hashed; a family is one login, rotated on every refresh.
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  -- 'rotated' (replaced by a successor: reuse within seconds is a benign race), 'logout', 'reuse'.
  revoke_reason text CHECK (revoke_reason IN ('rotated', 'logout', 'reuse'))
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE chats (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL CHECK (type IN ('direct', 'group')),
  name text,
  description text,
  avatar_url text,
  -- "<smaller user id>:<larger user id>" for direct chats: one chat per pair.
  direct_key text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seq integer NOT NULL DEFAULT 0,
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT chats_direct_key_key UNIQUE (direct_key)
);

CREATE TABLE chat_members (
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  delivered_seq integer NOT NULL DEFAULT 0,
  read_seq integer NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_members_user_idx ON chat_members (user_id, chat_id);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  chat_id uuid NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  sender_id uuid REFERENCES users (id) ON DELETE SET NULL,
  client_id text,
  kind text NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'system')),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,
  CONSTRAINT messages_chat_seq_key UNIQUE (chat_id, seq),
  -- Idempotency: one message per (sender, clientId), whatever the chat.
  CONSTRAINT messages_sender_client_key UNIQUE (sender_id, client_id)
);
CREATE INDEX messages_search_idx ON messages USING gin (search_vector);
