-- Name search by any part of a Chinese name, including one or two characters (a surname, a given
-- name), which pg_trgm cannot serve from its index (it needs 3 characters). Each name keeps its
-- single characters and character pairs; a query of 2+ characters needs all its pairs, one character
-- needs itself; LIKE then rechecks the exact part. Chinese names are 2 to 4 characters, so the arrays
-- are short; this index replaces the trigram one.
CREATE FUNCTION name_grams(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT DISTINCT g FROM (
        SELECT substr(lower(name), i, 1) AS g FROM generate_series(1, char_length(name)) AS i
        UNION ALL
        SELECT substr(lower(name), i, 2) FROM generate_series(1, char_length(name) - 1) AS i) AS grams
        WHERE g <> '');

-- What a search for a part of a name needs: its character pairs, or the one character.
CREATE FUNCTION name_query_grams(part text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN char_length(part) = 1 THEN ARRAY[lower(part)]
        ELSE ARRAY(SELECT DISTINCT substr(lower(part), i, 2) FROM generate_series(1, char_length(part) - 1) AS i) END;

ALTER TABLE person ADD COLUMN name_grams text[] GENERATED ALWAYS AS (name_grams(name)) STORED;
CREATE INDEX person_name_grams ON person USING gin (name_grams);
DROP INDEX person_name_trgm;
