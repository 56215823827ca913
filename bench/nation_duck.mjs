// nation_duck.mjs - DuckDB's side of the national-scale benchmark (issue #7):
// loads nation_gen's CSV files into a DuckDB database, then runs the same
// SQL as the other peers (bench/nation_sql/*.sql) and times it.
//
//   node nation_duck.mjs CSVDIR DBFILE|:memory: YEAR MONTH UNIT IND COMMUNE RUNS OUTDIR
//
// Prints "key value" lines (load seconds, values/s, medians in ms) and
// writes OUTDIR/duck_dash.txt and duck_series.txt (raw rows k,a,b,x) for
// the answer check. Not for: the tests' own logic (they only compare files).
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const [csv, dbfile, year, month, unit, ind, commune, runsArg, outdir] = process.argv.slice(2);
if (!outdir) {
  console.error('usage: node nation_duck.mjs CSVDIR DBFILE YEAR MONTH UNIT IND COMMUNE RUNS OUTDIR');
  process.exit(2);
}
const runs = Math.max(1, Number(runsArg));
const here = dirname(fileURLToPath(import.meta.url));
const sqlFile = (name) => readFileSync(join(here, 'nation_sql', name), 'utf8');
const fill = (text, vars) => Object.entries(vars).reduce((t, [k, v]) => t.split(`@${k}`).join(String(v)), text);

if (dbfile !== ':memory:') {
  rmSync(dbfile, { force: true });
  rmSync(`${dbfile}.wal`, { force: true });
}
const inst = await DuckDBInstance.create(dbfile);
const con = await inst.connect();
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

const q = (f) => csv + '/' + f;
const [loadMs] = await timed(async () => {
  await con.run(`CREATE TABLE units (id INTEGER PRIMARY KEY, code VARCHAR, parent_id INTEGER, level INTEGER, top_child_id INTEGER);
    CREATE TABLE indicators (id INTEGER PRIMARY KEY, code VARCHAR, kind VARCHAR, num_id INTEGER, den_id INTEGER, decimals INTEGER);
    CREATE TABLE targets (unit_id INTEGER, indicator_id INTEGER, year INTEGER, amount BIGINT);
    CREATE TABLE vals (unit_id INTEGER, year INTEGER, indicator_id INTEGER, month INTEGER, amount BIGINT);
    COPY units FROM '${q('units.csv')}' (HEADER);
    COPY indicators FROM '${q('indicators.csv')}' (HEADER);
    COPY targets FROM '${q('targets.csv')}' (HEADER);
    COPY vals FROM '${q('values.csv')}' (HEADER);
    CHECKPOINT;`);
});
const nvals = (await con.runAndReadAll('SELECT count(*) FROM vals')).getRows()[0][0];
console.log(`duckdb_load_seconds ${(loadMs / 1000).toFixed(3)}`);
console.log(`duckdb_values ${nvals}`);
console.log(`duckdb_values_per_second ${Math.round(Number(nvals) / (loadMs / 1000))}`);

const dashSql = fill(sqlFile('dashboard.sql'), {
  SRC: 'vals v JOIN units u ON u.id = v.unit_id', CHILD: 'u.top_child_id', Y: year, M: month,
});
const seriesSql = fill(sqlFile('series.sql'), { UNIT: unit, IND: ind });
const rowsText = (reader) => reader.getRows().map((r) => r.map(String).join(',')).join('\n') + '\n';

for (const [name, sql, file] of [['dashboard', dashSql, 'duck_dash.txt'], ['series', seriesSql, 'duck_series.txt']]) {
  const times = [];
  let reader;
  for (let k = 0; k < runs; k++) {
    const [ms, r] = await timed(() => con.runAndReadAll(sql));
    times.push(ms);
    reader = r;
  }
  writeFileSync(join(outdir, file), rowsText(reader));
  console.log(`duckdb_${name} median_ms ${median(times).toFixed(3)} first_ms ${times[0].toFixed(3)} runs ${runs}`);
}

const [upd, sel] = fill(sqlFile('fresh.sql'), { COMMUNE: commune, IND: ind, Y: year, M: month })
  .split(';').map((s) => s.trim()).filter((s) => /UPDATE|SELECT/.test(s));
const fresh = [];
let before = (await con.runAndReadAll(sel)).getRows()[0][0];
for (let k = 0; k < runs; k++) {
  const [ms, r] = await timed(async () => { await con.run(upd); return con.runAndReadAll(sel); });
  const got = r.getRows()[0][0];
  if (Math.abs(got - before - 1) > 1e-6) {
    console.error(`duckdb freshness: got ${got}, expected ${before + 1}`);
    process.exit(1);
  }
  before = got;
  fresh.push(ms);
}
console.log(`duckdb_fresh_write_then_read median_ms ${median(fresh).toFixed(3)} runs ${runs}`);
