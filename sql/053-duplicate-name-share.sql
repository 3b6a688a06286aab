-- A pair's evidence and score take how many contacts share its name
-- (sql/modules/duplicates.sql): the functions without it go.
DROP FUNCTION IF EXISTS sb.duplicate_evidence(uuid[]);
DROP FUNCTION IF EXISTS sb.duplicate_score(real, real, boolean, text, text,
    real, boolean, boolean, real, boolean, boolean, real);
