ALTER TABLE "petition_report_facts" ADD COLUMN "reopen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "petition_report_facts" ADD COLUMN "result2_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "petition_report_facts_reopen_idx" ON "petition_report_facts" USING btree ("received_date") WHERE reopen_at IS NOT NULL;--> statement-breakpoint
-- A reopened complaint (second level, `reopen`) is not resolved until its second-level `record_result`:
-- resolved as of T = a result at or before T, and no reopen at or before T that has no later result at or
-- before T. The facts keep the first reopen (`reopen_at`) and the first result at or after it
-- (`result2_at`); the daily counts (current facts) count a reopened petition as resolved only once its
-- second result is recorded. Same definitions in src/modules/reports/petition-report.ts (docs/reports-petitions.md).
CREATE OR REPLACE FUNCTION kientao_petition_facts_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  orig text;
BEGIN
  IF NEW.type NOT IN ('split', 'classify', 'set_eligibility', 'forward', 'guide', 'urge', 'record_result',
                      'confirm_duplicate', 'reopen') THEN
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
    UPDATE petition_report_facts
       SET result_at = LEAST(result_at, NEW.at),
           result2_at = CASE WHEN reopen_at IS NOT NULL AND NEW.at >= reopen_at THEN LEAST(result2_at, NEW.at)
                             ELSE result2_at END
     WHERE petition_id = NEW.petition_id;
  ELSIF NEW.type = 'reopen' THEN
    UPDATE petition_report_facts
       SET reopen_at = LEAST(reopen_at, NEW.at),
           result2_at = (SELECT min(e.at) FROM petition_events e
                         WHERE e.petition_id = NEW.petition_id AND e.type = 'record_result'
                           AND e.at >= LEAST(petition_report_facts.reopen_at, NEW.at))
     WHERE petition_id = NEW.petition_id;
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
CREATE OR REPLACE FUNCTION kientao_petition_stats_apply(f petition_report_facts, d integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF f.parent_id IS NOT NULL OR f.received_date IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO petition_stats_daily AS s
    (received_date, agency_code, elig, reason, kind, forwarded, guided, urged, resolved, dup, split, n)
  VALUES (
    f.received_date,
    COALESCE(f.agency_code, ''),
    CASE WHEN f.eligibility IN ('eligible', 'ineligible') THEN f.eligibility ELSE 'pending' END,
    CASE WHEN f.eligibility = 'ineligible' THEN
      CASE WHEN f.ineligible_reason IN ('unsigned', 'anonymous', 'no_content', 'already_settled', 'time_barred',
        'not_competent', 'duplicate', 'before_court', 'no_personal_interest', 'invalid_representative',
        'second_level_exists', 'other') THEN f.ineligible_reason ELSE 'unspecified' END
    ELSE '' END,
    COALESCE(f.kind, ''),
    f.forward_at IS NOT NULL, f.guide_at IS NOT NULL, f.urge_at IS NOT NULL,
    f.result_at IS NOT NULL AND (f.reopen_at IS NULL OR f.result2_at IS NOT NULL),
    f.duplicate_at IS NOT NULL, f.split_at IS NOT NULL, d)
  ON CONFLICT ON CONSTRAINT petition_stats_daily_pk DO UPDATE SET n = s.n + EXCLUDED.n;
END $$;
--> statement-breakpoint
-- Backfill the petitions reopened before this migration (the facts trigger moves their daily counts).
UPDATE petition_report_facts f
   SET reopen_at = r.at,
       result2_at = (SELECT min(e.at) FROM petition_events e
                     WHERE e.petition_id = f.petition_id AND e.type = 'record_result' AND e.at >= r.at)
  FROM (SELECT e.petition_id, min(e.at) AS at FROM petition_events e WHERE e.type = 'reopen' GROUP BY 1) r
 WHERE r.petition_id = f.petition_id;
