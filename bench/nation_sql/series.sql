-- series.sql - query 3: one indicator's monthly series over every year for
-- one unit, summed from the communes below it (@UNIT: its code; the root
-- takes every commune). Same SQL for sqlite3, DuckDB and PostgreSQL.
SELECT 'series' AS k, v.year AS a, v.month AS b, CAST(SUM(v.amount) AS FLOAT8) / 10000 AS x
FROM vals v JOIN units u ON u.id = v.unit_id
WHERE v.indicator_id = (SELECT id FROM indicators WHERE code = '@IND')
  AND (u.top_child_id = (SELECT id FROM units WHERE code = '@UNIT')
       OR (SELECT level FROM units WHERE code = '@UNIT') = 0)
GROUP BY v.year, v.month ORDER BY v.year, v.month;
