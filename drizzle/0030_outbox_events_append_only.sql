-- Outbox delivery history is append-only, like task_events (0001): UPDATE and DELETE are refused by the database.
CREATE TRIGGER outbox_events_append_only BEFORE UPDATE OR DELETE ON outbox_events
  FOR EACH ROW EXECUTE FUNCTION kientao_append_only();
