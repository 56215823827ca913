-- fresh.sql - query 4: one commune's value changes, then the root's figure
-- of that indicator and month is read back (it must include the change).
UPDATE vals SET amount = amount + 10000
WHERE unit_id = (SELECT id FROM units WHERE code = '@COMMUNE') AND year = @Y AND month = @M
  AND indicator_id = (SELECT id FROM indicators WHERE code = '@IND');
SELECT CAST(SUM(amount) AS FLOAT8) / 10000 FROM vals
WHERE year = @Y AND month = @M AND indicator_id = (SELECT id FROM indicators WHERE code = '@IND');
