-- petition_stats_daily: petitions per receipt day by their current facts, kept by a trigger on
-- petition_report_facts (itself kept by triggers on petitions and petition_events). Split parts
-- (parent_id not null) are left out: the report reads them exactly. The same key expressions are in
-- src/modules/reports/petition-report.ts (statsKey); a test compares the table with a recount.
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
    f.forward_at IS NOT NULL, f.guide_at IS NOT NULL, f.urge_at IS NOT NULL, f.result_at IS NOT NULL,
    f.duplicate_at IS NOT NULL, f.split_at IS NOT NULL, d)
  ON CONFLICT ON CONSTRAINT petition_stats_daily_pk DO UPDATE SET n = s.n + EXCLUDED.n;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kientao_petition_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
    PERFORM kientao_petition_stats_apply(OLD, -1);
  END IF;
  IF TG_OP = 'UPDATE' OR TG_OP = 'INSERT' THEN
    PERFORM kientao_petition_stats_apply(NEW, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER petition_report_facts_stats AFTER INSERT OR UPDATE OR DELETE ON petition_report_facts
  FOR EACH ROW EXECUTE FUNCTION kientao_petition_stats();
--> statement-breakpoint
-- Backfill from the facts already there.
INSERT INTO petition_stats_daily
SELECT f.received_date, COALESCE(f.agency_code, ''),
  CASE WHEN f.eligibility IN ('eligible', 'ineligible') THEN f.eligibility ELSE 'pending' END,
  CASE WHEN f.eligibility = 'ineligible' THEN
    CASE WHEN f.ineligible_reason IN ('unsigned', 'anonymous', 'no_content', 'already_settled', 'time_barred',
      'not_competent', 'duplicate', 'before_court', 'no_personal_interest', 'invalid_representative',
      'second_level_exists', 'other') THEN f.ineligible_reason ELSE 'unspecified' END
  ELSE '' END,
  COALESCE(f.kind, ''),
  f.forward_at IS NOT NULL, f.guide_at IS NOT NULL, f.urge_at IS NOT NULL, f.result_at IS NOT NULL,
  f.duplicate_at IS NOT NULL, f.split_at IS NOT NULL, count(*)::int
FROM petition_report_facts f
WHERE f.parent_id IS NULL AND f.received_date IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
