ALTER TABLE "petitions" ADD COLUMN "content_terms" integer[];--> statement-breakpoint
CREATE INDEX "petitions_content_terms_idx" ON "petitions" USING gin ("content_terms");
--> statement-breakpoint
-- Duplicate suggestions by content (src/modules/petitions/duplicates.ts): the content key cut into terms —
-- every pair of adjacent syllables and every number of two or more characters — hashed, kept on the row by a
-- trigger whatever writes petitions, GIN-indexed. Word pairs are selective where pg_trgm trigrams are not
-- (Vietnamese syllables are short: trigram sets of unrelated petitions overlap a lot), so the trigram index on
-- content_key, unused since, is dropped (it only cost time at every intake).
CREATE OR REPLACE FUNCTION kientao_content_terms(k text) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT h ORDER BY h), '{}'::integer[])
  FROM (
    SELECT hashtext(w[i] || ' ' || w[i + 1]) AS h
      FROM (SELECT string_to_array(coalesce(k, ''), ' ') AS w) s,
           generate_series(1, coalesce(array_length(w, 1), 0) - 1) AS i
    UNION ALL
    SELECT hashtext(x) FROM unnest(string_to_array(coalesce(k, ''), ' ')) AS x
     WHERE x ~ '[0-9]' AND length(x) >= 2
  ) t
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kientao_petition_content_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.content_terms := kientao_content_terms(NEW.content_key);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER petitions_content_terms BEFORE INSERT OR UPDATE OF content_key ON petitions
  FOR EACH ROW EXECUTE FUNCTION kientao_petition_content_terms();
--> statement-breakpoint
UPDATE petitions SET content_terms = kientao_content_terms(content_key);
--> statement-breakpoint
ALTER TABLE petitions ALTER COLUMN content_terms SET STATISTICS 1000;
--> statement-breakpoint
DROP INDEX IF EXISTS petitions_content_trgm_idx;
