-- Single sign-on and the admin API: users known by the host app's id, with the claims we keep,
-- and deprovisioning (disabled users keep their history but cannot sign in or connect).
ALTER TABLE users ADD COLUMN external_id text;
ALTER TABLE users ADD COLUMN email text;
ALTER TABLE users ADD COLUMN department text;
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
-- One user per host identity (NULLs, the stand-alone accounts, are not compared).
ALTER TABLE users ADD CONSTRAINT users_external_id_key UNIQUE (external_id);
CREATE INDEX users_department_idx ON users (department) WHERE department IS NOT NULL;
