-- SQLite's built-ins that the server layer's SQL uses, defined for PostgreSQL with SQLite's
-- semantics, so that one SQL text runs on both engines. Each covers exactly the
-- forms the portal uses and raises on any other, rather than answering something different.

-- sum(boolean): SQLite sums comparisons as 0/1 (sum(closed_at IS NULL)). NULLs are skipped and
-- no rows (or only NULLs) give NULL, as SQLite's sum() does.
CREATE FUNCTION portal_sum_bool_step(acc bigint, v boolean) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN v IS NULL THEN acc ELSE coalesce(acc, 0) + CASE WHEN v THEN 1 ELSE 0 END END $$;
--> statement-breakpoint
CREATE AGGREGATE sum(boolean) (SFUNC = portal_sum_bool_step, STYPE = bigint);
--> statement-breakpoint

-- json_extract(text, '$.key' or '$.a.b'): the value at a path of object keys, as text (SQLite
-- answers JSON strings as text too); NULL when absent. Array paths ($[0]) are not used here.
CREATE FUNCTION json_extract(doc text, path text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
BEGIN
  IF path !~ '^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$' THEN
    RAISE EXCEPTION 'json_extract: unsupported path %', path;
  END IF;
  RETURN doc::jsonb #>> string_to_array(substr(path, 3), '.');
END $$;
--> statement-breakpoint

-- strftime(format, epoch seconds, 'unixepoch'): SQLite's date formatting of a Unix time, in UTC,
-- for the formats the portal uses (%Y-%m months, %Y-%m-%d days).
CREATE FUNCTION strftime(format text, t numeric, modifier text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
BEGIN
  IF modifier <> 'unixepoch' THEN
    RAISE EXCEPTION 'strftime: unsupported modifier %', modifier;
  END IF;
  IF t IS NULL THEN
    RETURN NULL;
  END IF;
  IF format = '%Y-%m' THEN
    RETURN to_char(to_timestamp(t) AT TIME ZONE 'UTC', 'YYYY-MM');
  ELSIF format = '%Y-%m-%d' THEN
    RETURN to_char(to_timestamp(t) AT TIME ZONE 'UTC', 'YYYY-MM-DD');
  END IF;
  RAISE EXCEPTION 'strftime: unsupported format %', format;
END $$;
