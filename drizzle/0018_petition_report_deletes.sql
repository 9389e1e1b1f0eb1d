-- Petitions are never deleted by the application; when they are (a repair, a benchmark reset), their report
-- facts go with them: a deleted row removes its facts row (whose trigger moves the daily counts), and a
-- TRUNCATE of petitions empties both report tables.
CREATE OR REPLACE FUNCTION kientao_petition_facts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM petition_report_facts WHERE petition_id = OLD.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER petitions_report_facts_delete AFTER DELETE ON petitions
  FOR EACH ROW EXECUTE FUNCTION kientao_petition_facts_delete();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kientao_petition_facts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE petition_report_facts, petition_stats_daily;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER petitions_report_facts_truncate AFTER TRUNCATE ON petitions
  FOR EACH STATEMENT EXECUTE FUNCTION kientao_petition_facts_truncate();
