/**
 * Background jobs (issue 6 point 10) through the export endpoint: a job is queued at once (202), runs off
 * the request thread (a worker thread for the DOCX, soffice for the PDF), reports progress, ends `done` with
 * a file that opens; a PDF job cancelled while LibreOffice runs ends `cancelled`, soffice is killed and no
 * file is kept; another user's job is 404; bad input 400 with a path; the state machine is data.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { errorOf, startTestApp, type Client, type TestApp } from '../helpers/app.ts';
import { eq } from 'drizzle-orm';
import { jobs, reportSnapshots } from '../../src/db/schema.ts';
import { fixtureReport } from '../fixtures/periodic-report.ts';
import { reportHash } from '../../src/modules/reports/periodic/snapshots.ts';
import { JOB_TRANSITIONS, statesLeadingTo } from '../../src/kernel/jobs/states.ts';

let t: TestApp;
let leader: Client;
let specialist: Client;
let agency: Client;
let admin: Client;
let snapshotId: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Job {
  id: string;
  type: string;
  state: string;
  progress: number;
  message: string | null;
  createdAt: string;
  finishedAt: string | null;
  downloadUrl: string | null;
}

/** Polls a job until `until(job)` or the timeout; returns every state seen and the last job. */
async function follow(c: Client, id: string, until: (j: Job) => boolean, timeoutMs = 240_000) {
  const seen: Job[] = [];
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await c.get<Job>(`/api/jobs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    seen.push(r.body);
    if (until(r.body)) return { seen, job: r.body };
    if (Date.now() > end) throw new Error(`job ${id} timed out in state ${r.body.state} ${r.body.progress}%`);
    await sleep(100);
  }
}

/** soffice processes started by pdf.ts (their profile lives in a kt-soffice-* temp folder). */
function sofficeOfOurs(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l.includes('kt-soffice-') && /soffice/.test(l)).length;
  } catch {
    return 0;
  }
}

before(async () => {
  t = await startTestApp({ demo: true });
  leader = await t.login('office.leader');
  specialist = await t.login('office.specialist');
  agency = await t.login('agency.staff');
  admin = await t.login('admin');
  const report = fixtureReport();
  snapshotId = randomUUID();
  await t.database.db.insert(reportSnapshots).values({
    id: snapshotId,
    periodKey: '9_months:2022:jobs-test',
    cutOff: report.period.to,
    taskAsOf: report.taskWindow.asOf,
    templateId: report.templateId,
    report,
    hash: reportHash(report),
  });
});
after(async () => {
  await t?.close();
});

test('the state machine is data: final states have no way out; cancel only from queued/running', () => {
  assert.deepEqual(JOB_TRANSITIONS.done, []);
  assert.deepEqual(JOB_TRANSITIONS.failed, []);
  assert.deepEqual(JOB_TRANSITIONS.cancelled, []);
  assert.deepEqual(statesLeadingTo('cancelled'), ['queued', 'running']);
  assert.deepEqual(statesLeadingTo('done'), ['running']);
});

test('a DOCX job: 202 at once, progresses to done off the event loop, the download opens', async () => {
  const r = await leader.post('/api/reports/periodic/exports', { snapshotId, format: 'docx' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const { jobId } = r.body as { jobId: string };
  assert.match(jobId, /^[0-9a-f-]{36}$/);
  // while the job runs, the server answers other requests promptly (the DOCX is built in a worker thread)
  let maxLatency = 0;
  const ping = (async () => {
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const h = await leader.get('/api/health');
      assert.equal(h.status, 200);
      maxLatency = Math.max(maxLatency, performance.now() - t0);
      await sleep(50);
    }
  })();
  const { seen, job } = await follow(leader, jobId, (j) => ['done', 'failed', 'cancelled'].includes(j.state));
  await ping;
  console.log(`# health latency while a DOCX job ran: max ${maxLatency.toFixed(0)} ms`);
  assert.ok(maxLatency < 2000, `health answered in ${maxLatency} ms`);
  assert.equal(job.state, 'done', job.message ?? '');
  assert.equal(job.progress, 100);
  assert.equal(job.type, 'periodic_export_docx');
  assert.ok(job.finishedAt && job.createdAt <= job.finishedAt);
  assert.equal(job.downloadUrl, `/api/jobs/${jobId}/download`);
  // progress never goes back; the states seen follow the machine
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.progress >= seen[i - 1]!.progress);
  const order = ['queued', 'running', 'done'];
  for (let i = 1; i < seen.length; i++)
    assert.ok(order.indexOf(seen[i]!.state) >= order.indexOf(seen[i - 1]!.state), 'states in order');

  const d = await fetch(leader.base + job.downloadUrl, { headers: { cookie: leader.cookie } });
  assert.equal(d.status, 200);
  assert.match(d.headers.get('content-type') ?? '', /wordprocessingml/);
  assert.match(
    d.headers.get('content-disposition') ?? '',
    /attachment; filename="bao-cao-9-thang-2022\.docx"/,
  );
  const files = unzipSync(new Uint8Array(await d.arrayBuffer()));
  const xml = strFromU8(files['word/document.xml']!);
  assert.ok(xml.includes('BÁO CÁO') && xml.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));

  // a finished job cannot be cancelled
  const del = await leader.req('DELETE', `/api/jobs/${jobId}`);
  assert.equal(del.status, 409);
  assert.equal(errorOf(del).code, 'job_finished');

  // owner or admin only: another office user and an agency user get 404; the admin sees it
  for (const c of [specialist, agency]) {
    for (const path of [`/api/jobs/${jobId}`, `/api/jobs/${jobId}/download`]) {
      const x = await c.get(path);
      assert.equal(x.status, 404, path);
      assert.equal(errorOf(x).code, 'not_found');
    }
    assert.equal((await c.req('DELETE', `/api/jobs/${jobId}`)).status, 404);
  }
  assert.equal((await admin.get(`/api/jobs/${jobId}`)).status, 200);
  assert.equal((await t.anon().get(`/api/jobs/${jobId}`)).status, 401);
});

test('an XLSX job ends done with the annex workbook', async () => {
  const r = await specialist.post('/api/reports/periodic/exports', { snapshotId, format: 'xlsx' });
  assert.equal(r.status, 202);
  const { job } = await follow(specialist, r.body.jobId, (j) =>
    ['done', 'failed', 'cancelled'].includes(j.state),
  );
  assert.equal(job.state, 'done', job.message ?? '');
  const d = await fetch(specialist.base + job.downloadUrl!, { headers: { cookie: specialist.cookie } });
  assert.match(d.headers.get('content-disposition') ?? '', /bao-cao-9-thang-2022\.xlsx/);
  const files = unzipSync(new Uint8Array(await d.arrayBuffer()));
  assert.ok(files['xl/workbook.xml'], 'an XLSX package');
  assert.match(strFromU8(files['xl/workbook.xml']!), /Phụ lục 1[^]*Số liệu/);
});

test('cancel a PDF job while LibreOffice runs: cancelled, soffice killed, no file', async () => {
  const r = await leader.post('/api/reports/periodic/exports', { snapshotId, format: 'pdf' });
  assert.equal(r.status, 202);
  const id = r.body.jobId as string;
  // wait until the DOCX is built and soffice converts (progress 50, the LibreOffice message)
  const { job: mid } = await follow(
    leader,
    id,
    (j) =>
      (j.progress >= 50 && /PDF/.test(j.message ?? '')) || (j.state !== 'running' && j.state !== 'queued'),
  );
  assert.equal(mid.state, 'running', `still running at ${mid.progress}% (${mid.message})`);
  assert.match(mid.message ?? '', /PDF/);
  // soffice is running for it
  let spawned = false;
  for (let i = 0; i < 50 && !spawned; i++) {
    spawned = sofficeOfOurs() > 0;
    if (!spawned) await sleep(100);
  }
  assert.ok(spawned, 'soffice started');
  const del = await leader.req('DELETE', `/api/jobs/${id}`);
  assert.equal(del.status, 200, JSON.stringify(del.body));
  assert.equal((del.body as Job).state, 'cancelled');
  assert.equal((del.body as Job).downloadUrl, null);
  // soffice is gone within a few seconds (the whole process group was killed)
  let left = sofficeOfOurs();
  for (let i = 0; i < 50 && left > 0; i++) {
    await sleep(100);
    left = sofficeOfOurs();
  }
  assert.equal(left, 0, 'soffice killed');
  await sleep(300);
  const after = await leader.get<Job>(`/api/jobs/${id}`);
  assert.equal(after.body.state, 'cancelled');
  assert.equal(after.body.downloadUrl, null);
  const dl = await leader.get(`/api/jobs/${id}/download`);
  assert.equal(dl.status, 409);
  assert.equal(errorOf(dl).code, 'job_cancelled');
  const [row] = await t.database.db
    .select({ data: jobs.resultData, state: jobs.state })
    .from(jobs)
    .where(eq(jobs.id, id));
  assert.equal(row?.state, 'cancelled');
  assert.equal(row?.data, null, 'no file stored');
});

test('a PDF job without LibreOffice fails with pdf_unavailable, no file', async () => {
  const prev = process.env.KIENTAO_SOFFICE;
  process.env.KIENTAO_SOFFICE = '/nonexistent/soffice';
  try {
    const r = await specialist.post('/api/reports/periodic/exports', { snapshotId, format: 'pdf' });
    assert.equal(r.status, 202);
    const { job } = await follow(specialist, r.body.jobId, (j) =>
      ['done', 'failed', 'cancelled'].includes(j.state),
    );
    assert.equal(job.state, 'failed');
    assert.equal((job as Job & { errorCode: string }).errorCode, 'pdf_unavailable');
    assert.match(job.message ?? '', /LibreOffice/);
    assert.equal(job.downloadUrl, null);
    assert.ok(job.finishedAt);
  } finally {
    if (prev === undefined) delete process.env.KIENTAO_SOFFICE;
    else process.env.KIENTAO_SOFFICE = prev;
  }
});

test('bad input: format → 400 path format; snapshotId → 400 / 404 path snapshotId; roles 403', async () => {
  const a = await leader.post('/api/reports/periodic/exports', { snapshotId, format: 'odt' });
  assert.equal(a.status, 400);
  assert.equal(errorOf(a).path, 'format');
  const b = await leader.post('/api/reports/periodic/exports', { snapshotId: 'x', format: 'docx' });
  assert.equal(b.status, 400);
  assert.equal(errorOf(b).path, 'snapshotId');
  const c = await leader.post('/api/reports/periodic/exports', { snapshotId: randomUUID(), format: 'docx' });
  assert.equal(c.status, 404);
  assert.equal(errorOf(c).path, 'snapshotId');
  const d = await agency.post('/api/reports/periodic/exports', { snapshotId, format: 'docx' });
  assert.equal(d.status, 403);
  const e = await leader.get(`/api/jobs/${randomUUID()}`);
  assert.equal(e.status, 404);
  const f = await leader.get('/api/jobs/not-a-uuid');
  assert.equal(f.status, 400);
  assert.equal(errorOf(f).path, 'id');
});
