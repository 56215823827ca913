-- dashboard.sql - query 2 of the national-scale benchmark (issue #7), the
-- same SQL for sqlite3, DuckDB and PostgreSQL: for the root unit and one
-- month (@Y, @M) every indicator's month, cumulative since January, last
-- year's cumulative, target and % of target, and each child unit's % of
-- its own target. Flows and counts add months; a level takes month @M;
-- a ratio is its numerator over its denominator x 100, rounded to 2 places
-- (chitieu's rules for these data: every commune reports every month).
-- @SRC is the value source with columns unit_id/child, year, indicator_id,
-- month, amount: the normalised tables joined, or the DHIS2-style
-- analytics table (one column per unit level) on PostgreSQL.
-- Not for: reading by people (bench/nation.sh fills the placeholders).
WITH agg AS (
  SELECT @CHILD AS child, v.indicator_id AS ind, v.year AS yr,
         CAST(SUM(CASE WHEN v.month = @M THEN v.amount ELSE 0 END) AS FLOAT8) / 10000 AS mval,
         CAST(SUM(v.amount) AS FLOAT8) / 10000 AS cum
  FROM @SRC
  WHERE v.year IN (@Y, @Y - 1) AND v.month <= @M
  GROUP BY @CHILD, v.indicator_id, v.year),
base AS (
  SELECT a.child, a.ind, a.yr, a.mval,
         CASE WHEN i.kind = 'level' THEN a.mval ELSE a.cum END AS cum
  FROM agg a JOIN indicators i ON i.id = a.ind WHERE i.kind <> 'ratio'),
tbase AS (
  SELECT ind, yr, SUM(mval) AS mval, SUM(cum) AS cum FROM base GROUP BY ind, yr),
crat AS (
  SELECT n.child, i.id AS ind, n.yr,
         ROUND(n.cum * 100 / d.mval, 2) AS cum
  FROM indicators i JOIN base n ON n.ind = i.num_id
  JOIN base d ON d.ind = i.den_id AND d.child = n.child AND d.yr = n.yr
  WHERE i.kind = 'ratio'),
trat AS (
  SELECT i.id AS ind, n.yr,
         ROUND(n.mval * 100 / d.mval, 2) AS mval, ROUND(n.cum * 100 / d.mval, 2) AS cum
  FROM indicators i JOIN tbase n ON n.ind = i.num_id
  JOIN tbase d ON d.ind = i.den_id AND d.yr = n.yr
  WHERE i.kind = 'ratio'),
tfig AS (
  SELECT ind, yr, mval, cum FROM tbase UNION ALL SELECT ind, yr, mval, cum FROM trat),
cfig AS (
  SELECT child, ind, yr, cum FROM base UNION ALL SELECT child, ind, yr, cum FROM crat),
tg AS (
  SELECT g.unit_id, g.indicator_id AS ind, CAST(g.amount AS FLOAT8) / 10000 AS target
  FROM targets g WHERE g.year = @Y AND g.amount <> 0)
SELECT 'top' AS k, i.code AS a, 'value' AS b, t.mval AS x
  FROM tfig t JOIN indicators i ON i.id = t.ind WHERE t.yr = @Y
UNION ALL SELECT 'top', i.code, 'cum', t.cum
  FROM tfig t JOIN indicators i ON i.id = t.ind WHERE t.yr = @Y
UNION ALL SELECT 'top', i.code, 'prev_cum', t.cum
  FROM tfig t JOIN indicators i ON i.id = t.ind WHERE t.yr = @Y - 1
UNION ALL SELECT 'top', i.code, 'target', g.target
  FROM tg g JOIN units u ON u.id = g.unit_id AND u.level = 0 JOIN indicators i ON i.id = g.ind
UNION ALL SELECT 'top', i.code, 'pct', t.cum * 100 / g.target
  FROM tfig t JOIN tg g ON g.ind = t.ind JOIN units u ON u.id = g.unit_id AND u.level = 0
  JOIN indicators i ON i.id = t.ind WHERE t.yr = @Y
UNION ALL SELECT 'child', i.code, u.code, c.cum * 100 / g.target
  FROM cfig c JOIN tg g ON g.unit_id = c.child AND g.ind = c.ind
  JOIN units u ON u.id = c.child JOIN indicators i ON i.id = c.ind WHERE c.yr = @Y;
