-- Messages of kind 'notice': written for the host app through the admin API (its notices and the
-- group changes it makes, attributed to it by name). 'messages_kind_check' is the name PostgreSQL
-- gave the inline CHECK of 0001_init.
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check CHECK (kind IN ('text', 'system', 'notice'));
