-- The petition report's facts (petition_report_facts, one row per petition) are kept by triggers in the
-- writing transaction, whatever writes petitions or their events (service, bulk import, raw SQL).
-- src/modules/reports/petition-report.ts has the same definitions as one set-based recount; a test
-- checks that both agree.
CREATE OR REPLACE FUNCTION kientao_petition_facts_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO petition_report_facts (petition_id, agency_code, received_date, received_at, kind, parent_id)
  VALUES (NEW.id, NEW.agency_code, NEW.received_date, NEW.received_at, NEW.kind, NEW.parent_id)
  ON CONFLICT (petition_id) DO UPDATE SET
    agency_code = EXCLUDED.agency_code, received_date = EXCLUDED.received_date,
    received_at = EXCLUDED.received_at, kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER petitions_report_facts AFTER INSERT OR UPDATE OF agency_code, received_date, received_at, kind, parent_id
  ON petitions FOR EACH ROW EXECUTE FUNCTION kientao_petition_facts_row();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kientao_petition_facts_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  orig text;
BEGIN
  IF NEW.type NOT IN ('split', 'classify', 'set_eligibility', 'forward', 'guide', 'urge', 'record_result',
                      'confirm_duplicate') THEN
    RETURN NULL;
  END IF;
  INSERT INTO petition_report_facts (petition_id) VALUES (NEW.petition_id) ON CONFLICT (petition_id) DO NOTHING;
  IF NEW.type = 'split' THEN
    UPDATE petition_report_facts SET split_at = LEAST(split_at, NEW.at) WHERE petition_id = NEW.petition_id;
  ELSIF NEW.type = 'classify' THEN
    UPDATE petition_report_facts SET classify_at = GREATEST(classify_at, NEW.at) WHERE petition_id = NEW.petition_id;
  ELSIF NEW.type = 'set_eligibility' THEN
    UPDATE petition_report_facts
       SET eligibility = NEW.data->>'eligibility', ineligible_reason = NEW.data->>'reason',
           eligibility_at = NEW.at, eligibility_seq = NEW.seq
     WHERE petition_id = NEW.petition_id
       AND (eligibility_at IS NULL OR NEW.at > eligibility_at OR (NEW.at = eligibility_at AND NEW.seq > eligibility_seq));
  ELSIF NEW.type = 'forward' THEN
    UPDATE petition_report_facts SET forward_at = LEAST(forward_at, NEW.at) WHERE petition_id = NEW.petition_id;
  ELSIF NEW.type = 'guide' THEN
    UPDATE petition_report_facts SET guide_at = LEAST(guide_at, NEW.at) WHERE petition_id = NEW.petition_id;
  ELSIF NEW.type = 'urge' THEN
    UPDATE petition_report_facts SET urge_at = LEAST(urge_at, NEW.at) WHERE petition_id = NEW.petition_id;
  ELSIF NEW.type = 'record_result' THEN
    UPDATE petition_report_facts SET result_at = LEAST(result_at, NEW.at) WHERE petition_id = NEW.petition_id;
  ELSIF NEW.type = 'confirm_duplicate' THEN
    orig := NEW.data->>'originalId';
    IF orig ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
      UPDATE petition_report_facts SET duplicate_of = orig::uuid, duplicate_at = NEW.at
       WHERE petition_id = NEW.petition_id AND (duplicate_at IS NULL OR NEW.at < duplicate_at);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER petition_events_report_facts AFTER INSERT ON petition_events
  FOR EACH ROW EXECUTE FUNCTION kientao_petition_facts_event();
--> statement-breakpoint
-- Backfill (petitions stored before this migration): the same recount as recountPetitionFacts.
INSERT INTO petition_report_facts
SELECT p.id, p.agency_code, p.received_date, p.received_at, p.kind, p.parent_id,
  (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'split'),
  (SELECT max(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'classify'),
  el.data->>'eligibility', el.data->>'reason', el.at, el.seq,
  (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'forward'),
  (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'guide'),
  (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'urge'),
  (SELECT min(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'record_result'),
  CASE WHEN du.data->>'originalId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       THEN (du.data->>'originalId')::uuid END,
  CASE WHEN du.data->>'originalId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       THEN du.at END
FROM petitions p
LEFT JOIN LATERAL (SELECT e.data, e.at, e.seq FROM petition_events e
                   WHERE e.petition_id = p.id AND e.type = 'set_eligibility'
                   ORDER BY e.at DESC, e.seq DESC LIMIT 1) el ON TRUE
LEFT JOIN LATERAL (SELECT e.data, e.at FROM petition_events e
                   WHERE e.petition_id = p.id AND e.type = 'confirm_duplicate'
                     AND e.data->>'originalId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                   ORDER BY e.at, e.seq LIMIT 1) du ON TRUE
ON CONFLICT (petition_id) DO NOTHING;
