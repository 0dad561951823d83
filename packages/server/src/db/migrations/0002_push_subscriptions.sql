-- Web Push subscriptions: one row per browser push endpoint (modules/push).
-- Runs on PostgreSQL 15 and on PGlite.

CREATE TABLE push_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The push service URL is the subscription's identity: a browser that subscribes again, even
  -- as another user, keeps the same endpoint, so the row moves instead of duplicating.
  endpoint text NOT NULL,
  p256dh text NOT NULL,
  auth text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  CONSTRAINT push_subscriptions_endpoint_key UNIQUE (endpoint)
);
CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);
