-- Dossier history is append-only, like task_events (0001): UPDATE and DELETE are refused by the database.
CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OR DELETE ON dossier_events
  FOR EACH ROW EXECUTE FUNCTION kientao_append_only();
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Diacritics-blind search of the catalogue and of dossiers by applicant (search_key is lower case, unaccented).
CREATE INDEX IF NOT EXISTS procedures_search_trgm_idx ON procedures USING gin (search_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS dossiers_open_idx ON dossiers (processing_agency_code, appointment_at) WHERE closed_at IS NULL;
