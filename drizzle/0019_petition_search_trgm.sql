-- Petition list search (`GET /api/petitions?q=`): search_key LIKE '%…%' (identity-free key, lower case,
-- unaccented) through a trigram index instead of a scan of every petition.
CREATE INDEX IF NOT EXISTS petitions_search_trgm_idx ON petitions USING gin (search_key gin_trgm_ops);
