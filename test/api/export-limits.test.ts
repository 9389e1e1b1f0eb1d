/**
 * Export limits (issue 6 review): a direct `GET …/export.pdf|docx` takes a slot of the jobs runner, so with
 * `KIENTAO_JOBS_CONCURRENCY=1` a second direct export while the first converts answers 503 `busy`; the slot
 * is given back afterwards. A user with `KIENTAO_JOBS_PER_USER` unfinished jobs gets 429 `too_many_jobs`.
 * soffice is a stub (env KIENTAO_SOFFICE) that marks a file and sleeps, to keep the test fast.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { reportSnapshots } from '../../src/db/schema.ts';
import { fixtureReport } from '../fixtures/periodic-report.ts';
import { reportHash } from '../../src/modules/reports/periodic/snapshots.ts';

let t: TestApp;
let leader: Client;
let snapshotId: string;
const dir = mkdtempSync(join(tmpdir(), 'kt-export-limits-'));
const marker = join(dir, 'started');
const saved: Record<string, string | undefined> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  const stub = join(dir, 'soffice');
  writeFileSync(stub, `#!/bin/sh\ntouch '${marker}'\nsleep 4\nexit 1\n`);
  chmodSync(stub, 0o755);
  for (const [k, v] of Object.entries({
    KIENTAO_SOFFICE: stub,
    KIENTAO_JOBS_CONCURRENCY: '1',
    KIENTAO_JOBS_PER_USER: '2',
  })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  t = await startTestApp({ demo: true });
  leader = await t.login('office.leader');
  const report = fixtureReport();
  snapshotId = randomUUID();
  await t.database.db.insert(reportSnapshots).values({
    id: snapshotId,
    periodKey: '9_months:2022:export-limits',
    cutOff: report.period.to,
    taskAsOf: report.taskWindow.asOf,
    templateId: report.templateId,
    report,
    hash: reportHash(report),
  });
});
after(async () => {
  await t.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(cond: () => boolean, ms = 60_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(50);
  }
}

test('direct exports share the jobs concurrency limit: the extra one is 503 busy, then the slot is free', async () => {
  const url = `/api/reports/periodic/snapshots/${snapshotId}`;
  const first = leader.get(`${url}/export.pdf`);
  await waitFor(() => existsSync(marker)); // the PDF conversion holds the only slot
  const extra = await leader.get(`${url}/export.docx`);
  assert.equal(extra.status, 503, JSON.stringify(extra.body));
  assert.equal(errorOf(extra).code, 'busy');
  assert.equal(extra.headers.get('retry-after'), '10');
  const pdf = await leader.get(`${url}/export.pdf`);
  assert.equal(pdf.status, 503);
  const r1 = await first; // the stub fails: no PDF, but no slot kept either
  assert.notEqual(r1.status, 200);
  const again = await leader.get(`${url}/export.docx`);
  assert.equal(again.status, 200);
});

test('at most KIENTAO_JOBS_PER_USER unfinished export jobs per user → 429 too_many_jobs', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const r = await leader.post('/api/reports/periodic/exports', { snapshotId, format: 'pdf' });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    ids.push(r.body.jobId);
  }
  const third = await leader.post('/api/reports/periodic/exports', { snapshotId, format: 'docx' });
  assert.equal(third.status, 429, JSON.stringify(third.body));
  assert.equal(errorOf(third).code, 'too_many_jobs');
  // another user is not affected
  const other = await t.login('office.specialist');
  const r = await other.post('/api/reports/periodic/exports', { snapshotId, format: 'docx' });
  assert.equal(r.status, 202);
  // once cancelled, the user may queue again
  for (const id of ids) await leader.req('DELETE', `/api/jobs/${id}`);
  const fourth = await leader.post('/api/reports/periodic/exports', { snapshotId, format: 'docx' });
  assert.equal(fourth.status, 202, JSON.stringify(fourth.body));
});

test('the export body is strict: an extra field → 400 with its path', async () => {
  const r = await leader.post('/api/reports/periodic/exports', {
    snapshotId,
    format: 'pdf',
    filename: 'x.pdf',
  });
  assert.equal(r.status, 400);
  assert.equal(errorOf(r).path, 'filename');
});
