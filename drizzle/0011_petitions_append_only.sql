-- Petition history is append-only, like task_events and dossier_events: UPDATE and DELETE are refused.
CREATE TRIGGER petition_events_append_only BEFORE UPDATE OR DELETE ON petition_events
  FOR EACH ROW EXECUTE FUNCTION kientao_append_only();
--> statement-breakpoint
-- Duplicate suggestions by content (diacritics-blind: content_key is lower case, unaccented).
CREATE INDEX IF NOT EXISTS petitions_content_trgm_idx ON petitions USING gin (content_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS service_requests_description_trgm_idx ON service_requests USING gin (description_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS petition_deadlines_agency_open_idx ON petition_deadlines (agency_code, due_date) WHERE state = 'open';
