/**
 * End-to-end (issue 5 items 9, 10): citizen reception and petitions on the real server with the demo data,
 * in Debian's Chromium. A reception officer records a visit of a mass delegation (8 people, 2
 * representatives) at the reception desk and registers the petition it brings; the desk suggests the
 * earlier petition of the same person as a duplicate while the form is typed; on the new petition's page
 * the suggestion is confirmed; the original is declared eligible and forwarded to the Department of
 * Agriculture and Environment with the forwarding slip issued (register number) — the issued DOCX and the
 * urging draft are downloaded; the department's petition handler records the result; the statistics page
 * for today counts the visit, the delegation, both petitions (one ineligible as a duplicate), the forward
 * and the result, and each figure opens its rows. Every step is also checked through the API.
 *
 * Run: `node scripts/test.mjs petitions-ui`. Screenshots land in tmp/screens/ (petitions-*.png).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { SCREENS, startBrowser, todayIso, type BrowserHarness } from '../helpers/browser.ts';
import { Client } from '../helpers/app.ts';

const PASSWORD = 'E2e-petitions-2026!';
const ORIGINAL_SIGNER = {
  name: 'Võ Văn Đồng',
  idNumber: '051070005555',
  address: 'Thôn Phước Lộc, xã Tịnh Hà, tỉnh Quảng Ngãi',
  phone: '0905777888',
};
const CONTENT =
  'Đề nghị bồi thường đất bị thu hồi làm đường tránh Quốc lộ 1 qua thôn Phước Lộc, xã Tịnh Hà nhưng đến nay chưa được chi trả tiền bồi thường';

let h: BrowserHarness;
let admin: Client;
let officerApi: Client;
let original: { id: string; code: string };
let second: { id: string; code: string; reception: string };
const userIds: Record<string, string> = {};
const DENOUNCER = {
  name: 'Đặng Thị Bímật',
  idNumber: '051095003333',
  address: 'Tổ 3, phường Nghĩa Chánh',
  phone: '0935444555',
};

before(async () => {
  h = await startBrowser({ acceptDownloads: true, screenshotPrefix: 'petitions-' });
  admin = await h.app.login('admin');
  for (const [username, roles, agencyCode] of [
    ['e2e.officer', ['reception_officer'], 'VP-BTCD'],
    ['e2e.handler', ['petition_handler'], 'SNNMT'],
    ['e2e.leader', ['reception_leader'], 'VP-BTCD'],
  ] as const) {
    const r = await admin.post('/api/users', {
      username,
      displayName:
        username === 'e2e.officer'
          ? 'Lê Thị Tiếp Dân'
          : username === 'e2e.leader'
            ? 'Trần Văn Trưởng Ban'
            : 'Phạm Văn Xử Lý',
      password: PASSWORD,
      roles,
      agencyCode,
      mustChangePassword: false,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    userIds[username] = r.body.id;
  }
  officerApi = await h.app.login('e2e.officer', PASSWORD);
  // the earlier petition of the same person (received today, by post)
  const r = await officerApi.post('/api/petitions', {
    channel: 'post',
    kind: 'complaint',
    signers: [ORIGINAL_SIGNER],
    content: CONTENT,
    respondent: 'UBND huyện Sơn Tịnh',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  original = { id: r.body.id, code: r.body.code };
});

after(async () => {
  await h?.close();
});

/** The text of a DOCX (its runs joined). */
const docText = (buf: Buffer) =>
  strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']!).replace(/<[^>]+>/g, '');

/** The petition as the API gives it to the signed-in user of the page. */
async function apiPetition(id: string) {
  const r = await h.context.request.get(`/api/petitions/${id}`);
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()) as {
    status: string;
    eligibility: string;
    ineligibleReason: string | null;
    handlingAgencyCode: string | null;
    duplicateOf: { id: string; code: string } | null;
    repeatCount: number;
    events: { type: string; data: Record<string, unknown> | null }[];
    result: { outcome: string } | null;
  };
}

async function expectStatus(status: string) {
  await h.page.locator(`[data-testid="petition-status"][data-status="${status}"]`).waitFor();
}

/** Picks an antd select option by typing `search` into the field labelled `label` inside `scope`. */
async function pick(scopeSel: string, label: string, search: string, text: string) {
  const page = h.page;
  const scope = page.locator(scopeSel);
  const input = scope.getByLabel(label, { exact: true });
  const field = scope.locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) }).first();
  for (let attempt = 1; ; attempt++) {
    await input.click();
    await input.fill(search);
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
    await option.first().waitFor();
    await page.waitForTimeout(100 * attempt);
    await option.first().click();
    if ((await field.innerText()).includes(text)) return;
    if (attempt === 3) assert.fail(`could not pick "${text}" in "${label}"`);
  }
}

/** Opens an action's dialog, lets `fill` complete it, submits and waits for it to close. */
async function act(action: string, fill?: () => Promise<void>) {
  const page = h.page;
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill();
  await page.getByTestId('action-submit').click();
  await dialog.waitFor({ state: 'detached' });
}

test('reception desk: a mass delegation brings a petition; its earlier petition is suggested as you type', async () => {
  await h.shot('desk', async () => {
    const page = h.page;
    await h.login('e2e.officer', PASSWORD);
    // reception staff start on the desk
    await page.waitForURL(/\/receptions\/new$/);
    await page.getByRole('heading', { name: 'Tiếp công dân - ghi lượt tiếp' }).waitFor();
    // the sidebar highlights the desk, not the register
    assert.equal((await page.locator('.ant-menu-item-selected').innerText()).trim(), 'Tiếp công dân');
    await page.getByTestId('visitor-name-0').fill(ORIGINAL_SIGNER.name);
    await page.getByTestId('visitor-id-0').fill(ORIGINAL_SIGNER.idNumber);
    await page.getByTestId('visitor-address-0').fill(ORIGINAL_SIGNER.address);
    await page.getByTestId('visitor-rep-0').check();
    // the same ID number: the earlier petition is suggested before anything is saved
    await page.getByTestId(`dup-${original.code}`).waitFor();
    await page.getByTestId('add-visitor').click();
    await page.getByTestId('visitor-name-1').fill('Nguyễn Thị Lành');
    await page.getByTestId('visitor-address-1').fill('Thôn Phước Lộc, xã Tịnh Hà, tỉnh Quảng Ngãi');
    await page.getByTestId('visitor-rep-1').check();
    // 8 people came: a mass delegation (Luật TCD Art 29: 5–10 people send 1–2 representatives)
    await page.getByTestId('desk-headcount').fill('8');
    await page.locator('[data-testid="desk-mass"][aria-checked="true"]').waitFor();
    await page.getByTestId('desk-delegation-hint').waitFor();
    await page
      .getByTestId('desk-summary')
      .fill(
        'Đoàn 8 hộ dân thôn Phước Lộc, xã Tịnh Hà đề nghị bồi thường đất bị thu hồi làm đường tránh Quốc lộ 1, đến nay chưa được chi trả tiền bồi thường',
      );
    await page.getByTestId('add-document').click();
    await page.getByTestId('desk-doc-name-0').fill('Đơn đề nghị có 8 chữ ký');
    await page.getByTestId('desk-respondent').fill('UBND huyện Sơn Tịnh');
    // the kind is a choice, not a default: saving without it is refused on the form, nothing is sent
    await page.getByTestId('desk-submit').click();
    await page.getByText('Chọn loại đơn (khiếu nại, tố cáo, kiến nghị, phản ánh…)').first().waitFor();
    assert.equal(await page.getByTestId('desk-result').count(), 0);
    await page.getByTestId('desk-classification').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Khiếu nại' })
      .click();
    await page.locator('[data-testid="desk-petition-kind"]', { hasText: 'Khiếu nại' }).waitFor();
    // still suggested with the content typed (same person and similar content)
    await page.getByTestId(`dup-${original.code}`).waitFor();
    await page.screenshot({ path: join(SCREENS, 'petitions-desk.png'), fullPage: true });
    await page.getByTestId('desk-submit').click();
    await page.getByTestId('desk-result').waitFor();
    const reception = (await page.getByTestId('desk-reception-code').innerText()).trim();
    const code = (await page.getByTestId('desk-petition-code').innerText()).trim();
    assert.match(code, /^DON-\d{4}-\d{5}$/);
    await page.getByTestId('desk-open-petition').click();
    await page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    second = { id, code, reception };

    // through the API: the register row and the petition
    const list = await h.context.request.get('/api/receptions?pageSize=50');
    assert.equal(list.status(), 200, await list.text());
    const row = (
      (await list.json()) as { items: { code: string; headcount: number; massDelegation: boolean }[] }
    ).items.find((x) => x.code === reception);
    assert.ok(row, `reception ${reception} in the register`);
    assert.equal(row.headcount, 8);
    assert.equal(row.massDelegation, true);
    const p = await apiPetition(id);
    assert.equal(p.status, 'received');
  })();
});

test('the duplicate suggestion is confirmed on the petition page', async () => {
  await h.shot('duplicate', async () => {
    const page = h.page;
    await page.getByTestId('petition-code').getByText(second.code).waitFor();
    await expectStatus('received');
    await page.getByTestId(`candidate-${original.code}`).waitFor();
    await page.getByTestId(`confirm-link-${original.code}`).click();
    await page.getByTestId('confirm-link-ok').click();
    await page.getByTestId('petition-duplicate-of').getByText(original.code).waitFor();
    await page.locator('[data-testid="petition-eligibility"][data-eligibility="ineligible"]').waitFor();
    await page.getByTestId('event-confirm_duplicate').waitFor();
    const p = await apiPetition(second.id);
    assert.equal(p.duplicateOf?.code, original.code);
    assert.equal(p.ineligibleReason, 'duplicate');
    assert.equal((await apiPetition(original.id)).repeatCount, 1);
    // rule versions and legal sources in words: no internal code, no certainty marker
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('Luật KN 2011, Luật TC 2018'), 'rule version in words');
    assert.ok(!/pet20(19|26)/.test(text), 'no rule version code');
    assert.ok(!/\[[VSU]\]/.test(text), 'no certainty marker');
    await page.screenshot({ path: join(SCREENS, 'petitions-duplicate.png'), fullPage: true });
  })();
});

test('the original is forwarded with its slip issued from the register; the letters download', async () => {
  await h.shot('forward', async () => {
    const page = h.page;
    // letters are issued and signed by the board's leader (ND 30/2020 Art 13): the leader forwards
    await h.logout();
    await h.login('e2e.leader', PASSWORD);
    await page.goto(`/petitions/${second.id}`);
    await page.getByTestId('petition-duplicate-of').click();
    await page.waitForURL(new RegExp(`/petitions/${original.id}$`));
    await expectStatus('received');
    // clocks from the calendar: the 10-working-day answer at least
    await page.getByTestId('petition-clocks').waitFor();
    await act('set_eligibility');
    await page.locator('[data-testid="petition-eligibility"][data-eligibility="eligible"]').waitFor();
    await act('forward', async () => {
      await pick(
        '.ant-modal',
        'Cơ quan có thẩm quyền',
        'nong nghiep va moi truong',
        'Sở Nông nghiệp và Môi trường',
      );
      await page.locator('[data-testid="action-with-letter"]').waitFor();
      // the leader signs in their own name (prefilled)
      assert.equal(await page.getByTestId('action-signer').inputValue(), 'Trần Văn Trưởng Ban');
    });
    await expectStatus('forwarded');
    const issued = page.getByTestId('issued-forwarding');
    await issued.waitFor();
    assert.match(await issued.innerText(), /\d{2,}\/PC-BTCD/);
    const p = await apiPetition(original.id);
    assert.equal(p.status, 'forwarded');
    assert.equal(p.handlingAgencyCode, 'SNNMT');
    const letters = await h.context.request.get(`/api/petitions/${original.id}/letters`);
    const items = ((await letters.json()) as { items: { kind: string; numberSymbol: string }[] }).items;
    assert.equal(items.length, 1);
    assert.match(items[0]!.numberSymbol, /^\d{2,}\/PC-BTCD$/);

    // the issued slip as a download: a DOCX with its number and the complainant
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('letter-forwarding-issued').click(),
    ]);
    assert.match(dl.suggestedFilename(), /PC-BTCD-DON-\d{4}-\d{5}\.docx$/);
    const buf = readFileSync((await dl.path())!);
    const xml = docText(buf);
    assert.ok(xml.includes(`Số: ${items[0]!.numberSymbol}`));
    assert.ok(xml.includes('Kính gửi: Sở Nông nghiệp và Môi trường'));
    assert.ok(xml.includes(ORIGINAL_SIGNER.name));
    // the urging letter's draft for the body that now holds it: "Số: …" blank
    const [draft] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('letter-urging-draft').click(),
    ]);
    assert.match(draft.suggestedFilename(), /^du-thao-urging-DON-/);
    const dxml = strFromU8(
      unzipSync(new Uint8Array(readFileSync((await draft.path())!)))['word/document.xml']!,
    );
    assert.ok(dxml.includes('Số: …/BTCD-XLĐ'));
    await page.screenshot({ path: join(SCREENS, 'petitions-detail.png'), fullPage: true });
  })();
});

test('the department records the result; the statistics count it and every figure opens its rows', async () => {
  await h.shot('result', async () => {
    const page = h.page;
    await h.logout();
    await h.login('e2e.handler', PASSWORD);
    await page.waitForURL(/\/petitions$/);
    // the handler sees the petitions its department holds: the original only
    await page.getByTestId(`petition-link-${original.code}`).click();
    await expectStatus('forwarded');
    await act('record_result', async () => {
      await page.getByRole('dialog').getByLabel('Kết quả', { exact: true }).click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Đúng một phần' })
        .click();
    });
    await expectStatus('resolved');
    await page.getByTestId('event-record_result').waitFor();
    assert.equal((await apiPetition(original.id)).result?.outcome, 'partly_upheld');
    // the duplicate stayed with the reception board: not visible to the department
    const hidden = await h.context.request.get(`/api/petitions/${second.id}`);
    assert.equal(hidden.status(), 404);

    await h.logout();
    await h.login('e2e.officer', PASSWORD);
    const today = todayIso();
    await page.goto(`/petition-report?from=${today}&to=${today}`);
    const fig = async (id: string) => {
      const el = page.getByTestId(`metric-${id}`);
      await el.waitFor();
      return Number((await el.innerText()).replace(/\D/g, ''));
    };
    const want: Record<string, number> = {
      'receptions-sessions': 1,
      'receptions-persons': 8,
      'receptions-massDelegations': 1,
      'petitions-received': 2,
      'petitions-eligible': 1,
      'petitions-ineligible': 1,
      'petitions-byKind-complaint': 1,
      'petitions-ineligibleByReason-duplicate': 1,
      'petitions-forwarded': 1,
      'petitions-resolved': 1,
    };
    for (const [id, n] of Object.entries(want)) assert.equal(await fig(id), n, id);
    await page.screenshot({ path: join(SCREENS, 'petitions-report.png'), fullPage: true });
    // the API says the same
    const rep = await h.context.request.get(`/api/reports/petitions?from=${today}&to=${today}`);
    const body = (await rep.json()) as { petitions: { resolved: number; forwarded: number } };
    assert.equal(body.petitions.resolved, 1);
    assert.equal(body.petitions.forwarded, 1);

    // a figure opens its rows: resolved → the original
    await page.getByTestId('metric-petitions-resolved').click();
    await page.waitForURL(/\/petitions\?.*metric=petitions\.resolved/);
    await page.getByTestId('drill-banner').waitFor();
    await page.getByTestId(`petition-link-${original.code}`).waitFor();
    assert.equal((await page.getByTestId('petition-total').innerText()).trim(), '1');
    await page.goBack();
    await page.getByTestId('metric-receptions-massDelegations').click();
    await page.waitForURL(/\/receptions\?.*metric=receptions\.massDelegations/);
    await page.getByTestId(`mass-${second.reception}`).waitFor();
    assert.equal((await page.getByTestId('reception-total').innerText()).trim(), '1');
    // the register itself, with the leaders' reception days of the month
    await page.getByTestId('drill-banner').getByRole('button').click();
    await page.getByTestId('reception-search').waitFor();
    await page.getByTestId(`mass-${second.reception}`).waitFor();
    await page.getByTestId('leader-days').waitFor();
    // at 1280 px the content column is readable, and an entry opens with its petition
    await page.setViewportSize({ width: 1280, height: 800 });
    const summaryWidth = await page
      .locator('[data-testid="reception-table"] thead th', { hasText: 'Nội dung' })
      .evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(summaryWidth >= 200, `content column ${summaryWidth}px`);
    const emptyHeads = await page
      .locator('[data-testid="reception-table"] thead th')
      .evaluateAll((ths) => ths.filter((th) => !th.textContent?.trim()).length);
    assert.equal(emptyHeads, 0, 'no empty column');
    await page.getByTestId(`reception-open-${second.reception}`).click();
    await page.getByTestId('reception-drawer').getByText(second.reception).first().waitFor();
    await page.screenshot({ path: join(SCREENS, 'petitions-register.png'), fullPage: true });
    await page.getByTestId(`reception-petition-${second.code}`).click();
    await page.waitForURL(new RegExp(`/petitions/${second.id}$`));
    await page.setViewportSize({ width: 1366, height: 768 });
    // the persons figure lists sessions and says so, with kinds in words
    await page.goto(`/petition-report?from=${today}&to=${today}`);
    await page.getByTestId('hint-petitions-urged').waitFor();
    await page.getByTestId('metric-rec-feedback').waitFor();
    await page.getByTestId('metric-receptions-persons').click();
    await page.waitForURL(/metric=receptions\.persons/);
    await page.getByTestId('reception-count-text').getByText('8 người trong 1 lượt tiếp').waitFor();
    const drill = await page.getByTestId('reception-table').innerText();
    assert.ok(drill.includes('Tiếp thường xuyên'), drill);
    assert.ok(!/\b(regular|leader_periodic|online|accepted)\b/.test(drill), drill);
  })();
});

test('the desk saves in one command: a refused visit writes nothing; a duplicate link is made with it', async () => {
  await h.shot('desk-one-command', async () => {
    const page = h.page;
    const count = async () => {
      const r = await h.context.request.get('/api/petitions?pageSize=1');
      return ((await r.json()) as { total: number }).total;
    };
    const before = await count();
    await page.goto('/receptions/new');
    await page.getByTestId('visitor-name-0').fill(ORIGINAL_SIGNER.name);
    await page.getByTestId('visitor-id-0').fill(ORIGINAL_SIGNER.idNumber);
    await page.getByTestId('visitor-address-0').fill(ORIGINAL_SIGNER.address);
    await page
      .getByTestId('desk-summary')
      .fill('Nhắc lại đề nghị chi trả tiền bồi thường đất làm đường tránh Quốc lộ 1');
    await page.getByTestId('desk-classification').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Khiếu nại' })
      .click();
    // the panel: the code on one line, the reason in words, the kind in words
    const row = page.getByTestId(`dup-${original.code}`);
    await row.waitFor();
    const codeBox = await row.getByRole('link', { name: original.code }).boundingBox();
    assert.ok(codeBox && codeBox.height < 30, `code on one line (${codeBox?.height}px)`);
    assert.match(
      await page.getByTestId(`dup-reason-${original.code}`).innerText(),
      /Cùng số giấy tờ|Cùng người|Nội dung tương tự \d+%/,
    );
    assert.ok((await row.innerText()).includes('Khiếu nại'));
    await page.getByTestId(`dup-link-${original.code}`).click();
    await page.getByTestId('dup-linked').waitFor();
    // a delegation of 3 is refused by the server (Luật TCD Art 29): nothing is written, the form stays
    await page.getByTestId('desk-headcount').fill('3');
    await page.getByTestId('visitor-rep-0').check();
    await page.getByTestId('desk-mass').click();
    await page.locator('[data-testid="desk-mass"][aria-checked="true"]').waitFor();
    await page.getByTestId('desk-submit').click();
    await page.getByTestId('desk-error').waitFor();
    assert.match(await page.getByTestId('desk-error').innerText(), /Chưa ghi gì/);
    assert.equal(await count(), before, 'no stray petition');
    assert.equal(await page.getByTestId('desk-result').count(), 0);
    // corrected: one visitor, no delegation — the visit, the petition and the link in one command
    await page.getByTestId('desk-mass').click();
    await page.getByTestId('visitor-rep-0').uncheck();
    await page.getByTestId('desk-headcount').fill('1');
    await page.getByTestId('desk-submit').click();
    await page.getByTestId('desk-result').waitFor();
    await page.getByTestId('desk-dup-linked').getByText(original.code).waitFor();
    const code = (await page.getByTestId('desk-petition-code').innerText()).trim();
    assert.ok(!(await page.getByTestId('desk-result').innerText()).includes(' .'), 'no stray space');
    assert.equal(await count(), before + 1);
    const list = await h.context.request.get(`/api/petitions?q=${code}`);
    const id = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
    const p = await apiPetition(id);
    assert.equal(p.duplicateOf?.code, original.code);
    assert.ok(p.events.some((e) => e.type === 'confirm_duplicate'));
    await page.screenshot({ path: join(SCREENS, 'petitions-desk-saved.png'), fullPage: true });
  })();
});

test("a denouncer's identity is hidden; a look needs a reason and a grant, and is shown once granted", async () => {
  await h.shot('identity', async () => {
    const page = h.page;
    const r = await officerApi.post('/api/petitions', {
      channel: 'post',
      kind: 'denunciation',
      signers: [DENOUNCER],
      content:
        'Tố cáo cán bộ địa chính phường Nghĩa Chánh nhận tiền khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.id as string;
    await page.goto(`/petitions/${id}`);
    await page.getByTestId('signer-redacted').waitFor();
    assert.ok(
      !(await page.locator('body').innerText()).includes(DENOUNCER.name),
      'the name is not on the page',
    );
    // no grant: the look is refused (and logged by the server)
    await page.getByTestId('identity-view').click();
    await page.getByTestId('identity-reason').fill('Xác minh nội dung tố cáo theo phân công');
    await page.getByTestId('identity-submit').click();
    await page.getByTestId('identity-error').waitFor();
    await page.keyboard.press('Escape');
    // the board's leader grants this officer access to this case, on the petition page
    await h.logout();
    await h.login('e2e.leader', PASSWORD);
    await page.goto(`/petitions/${id}`);
    await page.getByTestId('grant-self-hint').waitFor();
    await page.getByTestId('grant-user').click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.first().waitFor();
    assert.equal(await options.filter({ hasText: 'e2e.leader' }).count(), 0, 'four eyes: not offered');
    await options.filter({ hasText: 'Lê Thị Tiếp Dân' }).click();
    await page.getByTestId('grant-reason').fill('Cán bộ được giao xác minh');
    await page.getByTestId('grant-submit').click();
    await page.getByTestId('grant-e2e.officer').waitFor();
    // the refused look is in the log on the page
    await page.getByTestId('identity-log').getByText('Bị từ chối xem').waitFor();
    await page.screenshot({ path: join(SCREENS, 'petitions-grants.png'), fullPage: true });
    const leader = await h.app.login('e2e.leader', PASSWORD);
    const grants = await leader.get(`/api/petitions/${id}/identity-grants`);
    assert.ok(
      grants.body.items.some(
        (g: { userId: string; revokedAt: string | null }) =>
          g.userId === userIds['e2e.officer'] && !g.revokedAt,
      ),
    );
    await h.logout();
    await h.login('e2e.officer', PASSWORD);
    await page.goto(`/petitions/${id}`);
    assert.equal(await page.getByTestId('identity-grants').count(), 0, 'officers do not manage grants');
    await page.getByTestId('identity-view').click();
    await page.getByTestId('identity-reason').fill('Xác minh nội dung tố cáo theo phân công');
    await page.getByTestId('identity-submit').click();
    await page.getByTestId('identity-table').getByText(DENOUNCER.name).waitFor();
    // both looks are in the identity log, with the reason, without the identity
    const log = await leader.get(`/api/petitions/${id}/identity-log`);
    assert.equal(log.status, 200, JSON.stringify(log.body));
    const text = JSON.stringify(log.body);
    assert.ok(text.includes('Xác minh nội dung tố cáo theo phân công'));
    assert.ok(!text.includes(DENOUNCER.name) && !text.includes(DENOUNCER.idNumber));
    await page.screenshot({ path: join(SCREENS, 'petitions-identity.png'), fullPage: true });
  })();
});

test('the browser logged no errors', () => {
  // the refused identity look answers 403 by design (the page shows it); Chromium logs every 4xx resource
  // the desk's refused command answers 400 by design (the page shows it and nothing is written)
  const errors = h.consoleErrors.filter(
    (e) =>
      !/status of 403 .*\/api\/petitions\/[0-9a-f-]+\/identity\?/.test(e) &&
      !/status of 400 .*\/api\/receptions\b/.test(e),
  );
  assert.deepEqual(errors, []);
});
